import { TopicCatalogue } from '../catalogue';

export type EventClass = new () => object;

/** Every event class, in catalogue order: the payload of each topic, so a new event gets a schema by getting a topic. */
export const EventClasses: readonly EventClass[] = [
  ...new Set(TopicCatalogue.flatMap((topic) => (topic.payload === 'original-bytes' ? [] : [topic.payload]))),
];
