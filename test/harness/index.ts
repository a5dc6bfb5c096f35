/** The integration-test harness: private nats-server, SMTP sink, in-process stack, leak tracking. @module */
export { NATS_SERVER_BIN, TestNatsServer, type TestNatsServerOptions } from './nats-server';
export { coldPrint, officePids, pdfInfo, pdfText, startPrintPool } from './office';
export { freePort } from './ports';
export { openResources, track } from './resources';
export {
  OBSERVER,
  SERVICE_USERS,
  type ShippedNats,
  type ShippedNatsOptions,
  startShippedNats,
} from './shipped-nats';
export { type ScriptedReply, type SinkMessage, SmtpSink, type SmtpSinkOptions } from './smtp-sink';
export { type ServiceName, type Stack, type StackOptions, startStack } from './stack';
