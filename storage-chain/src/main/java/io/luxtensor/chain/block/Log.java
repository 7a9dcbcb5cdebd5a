package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.rlp.RlpItem;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpSlice;
import io.luxtensor.chain.rlp.RlpString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A log emitted by a transaction: {@code RLP([address, [topic...], data])}. At most four
 * topics, as the EVM's LOG0..LOG4 allow. Immutable; {@code data} is copied in and out and
 * compared by content.
 */
public record Log(Address address, List<Hash> topics, byte[] data) {

  /** Copies the topics and data; rejects more than four topics. */
  public Log {
    topics = List.copyOf(topics);
    if (topics.size() > 4) {
      throw new BlockFormatException("a log has at most 4 topics, found " + topics.size());
    }
    data = data.clone();
  }

  /** The log's data; a fresh copy. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  RlpItem toRlp() {
    List<RlpItem> topicItems = new ArrayList<>();
    for (Hash topic : topics) {
      topicItems.add(new RlpString(topic.bytes()));
    }
    return RlpList.of(new RlpString(address.bytes()), new RlpList(topicItems), new RlpString(data));
  }

  static Log decode(RlpSlice item) {
    Fields f = Fields.of("log", item).requireSize(3);
    Fields topicList = f.listAt(1, "topics");
    List<Hash> topics = new ArrayList<>(topicList.size());
    for (int i = 0; i < topicList.size(); i++) {
      topics.add(topicList.hash(i, "topic"));
    }
    return new Log(f.address(0, "address"), topics, f.bytes(2, "data"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Log that && address.equals(that.address) && topics.equals(that.topics)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * address.hashCode() + topics.hashCode()) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Log[" + address + ", " + topics + ", " + Hex.encode(data) + "]";
  }
}
