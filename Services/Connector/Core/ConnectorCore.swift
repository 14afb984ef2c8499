/// The connector service's core: Slack polling, its SQLite store, the outbox to ingestion.
public enum ConnectorCore {}
