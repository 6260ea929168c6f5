// The drill's read-back, with Apache Kafka's own Java client: every record of the given topics whose key starts with
// a prefix, as a read_committed consumer sees them. kafkajs's consumer was seen returning records of aborted
// transactions after a broker restart (26 aborted copies on decisions.final, 7 of them not filtered), which made an
// exactly-once run look duplicated; the reference client is the judge. Run as a single-file program:
//   java -cp '<kafka>/libs/*' ReadCommitted.java <brokers> <keyPrefix> <topic>...
// Prints one line per record: topic TAB key TAB base64(value) TAB partition TAB offset (offsets order the records
// of one key: the drill's checker reads order per decision from them). Reads each partition from its start to the last stable
// offset it had when the read began.
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

public class ReadCommitted {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    String prefix = args[1];
    Base64.Encoder base64 = Base64.getEncoder();
    StringBuilder out = new StringBuilder();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        for (PartitionInfo info : consumer.partitionsFor(args[i])) {
          partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Set<TopicPartition> remaining = new HashSet<>();
      for (TopicPartition partition : partitions) {
        if (consumer.position(partition) < end.get(partition)) remaining.add(partition);
      }
      while (!remaining.isEmpty()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key() != null && record.key().startsWith(prefix)) {
            out.append(record.topic()).append('\t').append(record.key()).append('\t');
            out.append(base64.encodeToString(record.value() == null ? new byte[0] : record.value()));
            out.append('\t').append(record.partition()).append('\t').append(record.offset()).append('\n');
          }
        }
        remaining.removeIf(partition -> consumer.position(partition) >= end.get(partition));
        if (out.length() > 1 << 20) {
          System.out.print(out);
          out.setLength(0);
        }
      }
    }
    System.out.print(out);
    System.out.flush();
  }
}
