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

    /// Who keeps the custom policies: operators.
    public static let operators: Set<String> = ["operator/*"]

    /// `CreatePolicy`: stores a new policy; `ALREADY_EXISTS` when its name is taken.
    public static let createPolicy = RPCMethod<PolicyDocument, PolicyInfo>.unary(service, "CreatePolicy", allow: operators)
    /// `UpdatePolicy`: replaces the policy of the document's name, its windows and day counts afresh.
    public static let updatePolicy = RPCMethod<PolicyDocument, PolicyInfo>.unary(service, "UpdatePolicy", allow: operators)
    /// `SetPolicyEnabled`: switches a policy on (out of the daily limit's state too) or off.
    public static let setPolicyEnabled = RPCMethod<PolicySwitch, PolicyInfo>.unary(service, "SetPolicyEnabled", allow: operators)
    /// `ListPolicies`: every policy, by name, without their sources.
    public static let listPolicies = RPCMethod<Empty, PolicyList>.unary(service, "ListPolicies", allow: operators)
    /// `GetPolicy`: one policy with its source.
    public static let getPolicy = RPCMethod<PolicyRef, PolicyInfo>.unary(service, "GetPolicy", allow: operators)
    /// `DeletePolicy`: removes a policy and its state; its findings stay.
    public static let deletePolicy = RPCMethod<PolicyRef, Empty>.unary(service, "DeletePolicy", allow: operators)
}
