import PalisadeWire

/// A note: the sample's one message.
public struct Note: Codable, Sendable, Equatable {
    /// Assigned by the service; 0 in a request.
    public var id: Int64
    /// What the note says.
    public var text: String

    /// Makes a note.
    public init(id: Int64 = 0, text: String) { (self.id, self.text) = (id, text) }

    private enum CodingKeys: Int, CodingKey { case id = 1, text = 2 }
}

/// The methods of `palisade.sample.v1.Sample`: add a note, stream the notes.
public enum SampleAPI {
    /// The service's fully qualified name.
    public static let service = "palisade.sample.v1.Sample"
    /// The port it listens on by default.
    public static let defaultPort = 7199
    /// `Add`: stores a note and returns it with its id; operators only.
    public static let add = RPCMethod<Note, Note>.unary(service, "Add", allow: ["operator/*"])
    /// `List`: every note with an id above the request's, oldest first.
    public static let list = RPCMethod<Note, Note>.serverStreaming(service, "List", allow: ["operator/*"])
}
