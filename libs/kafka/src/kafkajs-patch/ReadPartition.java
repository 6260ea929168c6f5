// The reference reader of the aborted-read tests: Apache Kafka's own Java client reads one partition from each given
// start offset to the end offset it had when the read began, and prints what a consumer with that isolation level
// receives. Run as a single-file program:
//   java -cp '<kafka>/libs/*' ReadPartition.java <brokers> <topic> <partition> <read_committed|read_uncommitted> <start>...
// Prints, per start offset, a line "# <start>" followed by one line per record: offset TAB key.
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class ReadPartition {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("isolation.level", args[3]);
    props.put("enable.auto.commit", "false");
    // Small fetches, so that reads start inside the log as often as a resuming consumer's do.
    props.put("max.partition.fetch.bytes", "2048");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    TopicPartition partition = new TopicPartition(args[1], Integer.parseInt(args[2]));
    StringBuilder out = new StringBuilder();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.assign(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      for (int i = 4; i < args.length; i++) {
        long start = Long.parseLong(args[i]);
        out.append("# ").append(start).append('\n');
        consumer.seek(partition, start);
        while (consumer.position(partition) < end) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            out.append(record.offset()).append('\t').append(record.key()).append('\n');
          }
        }
      }
    }
    System.out.print(out);
    System.out.flush();
  }
}
