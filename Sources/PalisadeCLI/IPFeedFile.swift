import Foundation
import PalisadeMessages
import PalisadeRPC

/// A feed file for `LoadIPFeed`: checked before anything connects (a missing, unreadable,
/// empty or oversized file is a local error naming it), then read and sent in chunks of at most
/// 1 MiB, so the CLI holds one chunk at a time whatever the file's size.
struct IPFeedFile: Sendable {
    /// The largest chunk `LoadIPFeed` takes (`Protocol/ingestion.md`, "The IP range catalogue").
    static let chunkSize = 1 << 20
    /// The largest file it takes.
    static let maxSize = 64 << 20

    /// Where the file is.
    let path: String
    /// Its size in bytes when it was checked.
    let size: Int

    /// The file at `path`, checked: a regular, readable, non-empty file of at most 64 MiB.
    static func check(_ path: String) throws -> IPFeedFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("\(path): no such file; download the feed first (see `palisade ip-ranges load --help`)")
        }
        guard !isDirectory.boolValue else { throw CommandFailure("\(path) is a directory; give the feed file") }
        guard FileManager.default.isReadableFile(atPath: path),
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        else {
            throw CommandFailure("\(path): cannot read it (check its permissions)")
        }
        guard size > 0 else {
            throw CommandFailure("\(path) is empty: loading it would empty the feed; download it again")
        }
        guard size <= maxSize else {
            throw CommandFailure(
                "\(path) is \(IngestionStatsFormat.mebibytes(UInt64(size))); ingestion takes feed files of at most 64 MiB")
        }
        return IPFeedFile(path: path, size: size)
    }

    /// Reads the file and writes it to `writer` in chunks of at most `chunkSize` bytes, the
    /// format on the first (the one `LoadIPFeed` reads); returns the chunks sent.
    func send(format: IPFeedFormat, to writer: RPCTypedRequestWriter<IPFeedChunk>, chunkSize: Int = chunkSize) async throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure("\(path): cannot read it (check its permissions)")
        }
        defer { try? handle.close() }
        var chunks = 0
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            try await writer.write(IPFeedChunk(format: chunks == 0 ? format : .unspecified, data: data))
            chunks += 1
        }
        return chunks
    }
}
