import PalisadeWire

/// The methods of `palisade.detection.v1.Detection` (see `Protocol/detection.md`), shared by the
/// service that serves them and the clients that call them.
public enum DetectionAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.detection.v1.Detection"
    /// The port detection listens on, and its clients dial, by default.
    public static let defaultPort = 7103

    /// Who follows the findings: alerting and operators.
    public static let readers: Set<String> = ["alerting", "operator/*"]

    /// `SubscribeFindings`: every finding after a sequence, then live as they are committed.
    public static let subscribeFindings = RPCMethod<SubscribeFindingsRequest, Finding>.serverStreaming(
        service, "SubscribeFindings", allow: readers)
}
