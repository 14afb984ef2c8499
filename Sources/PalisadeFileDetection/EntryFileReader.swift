import Dispatch
import Foundation
import PalisadeMessages
import Synchronization

/// Reads a file of entries (JSON Lines: one Slack audit entry or activity a line, see
/// ``EntryLineReader``) block by block, parsing each block's lines on every core.
///
/// The file is read in pieces of about ``blockBytes`` cut at a line feed; each piece's lines are
/// split into one slice per core and normalised in parallel (`DispatchQueue.concurrentPerform`),
/// and the slices joined back in line order. While the caller consumes a block, the next one is
/// already being parsed, so a consumer that keeps up (the detection engine) overlaps the parsing.
/// Memory stays at about three blocks whatever the file's size.
public struct EntryFileReader: Sendable {
    /// The line reader.
    public let lines: EntryLineReader
    /// The size of the pieces the file is read in.
    public var blockBytes: Int
    /// The threads lines are parsed on (the cores, by default).
    public var workers: Int

    /// A reader with `lines`, reading `blockBytes` at a time, parsing on `workers` threads.
    public init(lines: EntryLineReader, blockBytes: Int = 4 << 20, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.lines = lines
        self.blockBytes = max(blockBytes, 1 << 10)
        self.workers = max(workers, 1)
    }

    /// Calls `consume` with each block of the file at `path`, in file order; stops when it throws.
    /// Throws ``EntryFileError`` when the file cannot be read.
    public func read(path: String, _ consume: (EntryBlock) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw EntryFileError("\(path) cannot be read: check that it exists and that this process may read it")
        }
        defer { try? handle.close() }
        var carry: [UInt8] = []
        var firstLine = 1
        var pending: PendingBlock?
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: blockBytes) ?? Data()
            } catch {
                throw EntryFileError("\(path): reading failed (\(error.localizedDescription))")
            }
            let atEnd = data.isEmpty
            carry.append(contentsOf: data)
            // Cut after the last line feed; at the end, the rest is the last line (no final LF).
            let cut = atEnd ? carry.count : (carry.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
            if cut > 0 {
                let piece = Array(carry[..<cut])
                carry.removeSubrange(..<cut)
                let next = PendingBlock(start(piece, firstLine: firstLine))
                firstLine += next.lineCount
                if let pending { try Self.consume(pending.wait(), consume) }
                pending = next
            }
            if atEnd { break }
        }
        if let pending { try Self.consume(pending.wait(), consume) }
    }

    /// Hands `block` to `consume`, then lets it go on another thread: freeing a block's thousands
    /// of activities is a tenth of the consumer's time, and the consumer is the slower stage.
    private static func consume(_ block: EntryBlock, _ consume: (EntryBlock) throws -> Void) throws {
        try consume(block)
        DispatchQueue.global().async { withExtendedLifetime(block) {} }
    }

    /// Every block of `bytes` (a whole file in memory) as one, parsed the same way (tests, small inputs).
    public func read(bytes: [UInt8]) -> EntryBlock {
        PendingBlock(start(bytes, firstLine: 1)).wait()
    }

    /// Starts parsing `piece` (whole lines) on the global queue; the lines are found first, here.
    private func start(_ piece: [UInt8], firstLine: Int) -> (lines: Int, work: DispatchWorkItem, result: BlockResult) {
        var ends: [Int] = []
        ends.reserveCapacity(piece.count / 512)
        piece.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var index = 0
            while index < buffer.count {
                let found = memchr(base + index, Int32(UInt8(ascii: "\n")), buffer.count - index)
                let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? buffer.count
                ends.append(end)
                index = end + 1
            }
        }
        let result = BlockResult()
        let reader = lines
        let slices = min(workers, max(1, ends.count / 64))
        let lineEnds = ends
        let work = DispatchWorkItem {
            var parts = [EntryBlock](repeating: EntryBlock(), count: slices)
            let partsLock = Mutex<[EntryBlock]>(parts)
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let range = (lineEnds.count * slice / slices)..<(lineEnds.count * (slice + 1) / slices)
                let part = Self.parse(piece, ends: lineEnds, range: range, firstLine: firstLine, reader: reader)
                partsLock.withLock { $0[slice] = part }
            }
            parts = partsLock.withLock { $0 }
            var block = EntryBlock(lines: lineEnds.count)
            for part in parts {
                block.slices += part.slices
                block.errors += part.errors
                block.slackEntries += part.slackEntries
            }
            result.set(block)
        }
        DispatchQueue.global().async(execute: work)
        return (ends.count, work, result)
    }

    /// The lines `range` (indexes into `ends`) of `piece`.
    private static func parse(_ piece: [UInt8], ends: [Int], range: Range<Int>, firstLine: Int, reader: EntryLineReader) -> EntryBlock {
        var activities: [Activity] = []
        activities.reserveCapacity(range.count)
        var block = EntryBlock(lines: range.count)
        piece.withUnsafeBytes { buffer in
            for index in range {
                let start = index == 0 ? 0 : ends[index - 1] + 1
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<ends[index]])
                do throws(EntryLineError) {
                    if let (activity, isSlackEntry) = try reader.activity(line, line: firstLine + index) {
                        activities.append(activity)
                        if isSlackEntry { block.slackEntries += 1 }
                    }
                } catch {
                    block.errors.append(error)
                }
            }
        }
        block.slices = [activities]
        return block
    }
}

/// A block being parsed: wait for it in order.
private struct PendingBlock {
    let lineCount: Int
    let work: DispatchWorkItem
    let result: BlockResult

    init(_ started: (lines: Int, work: DispatchWorkItem, result: BlockResult)) {
        (lineCount, work, result) = started
    }

    func wait() -> EntryBlock {
        work.wait()
        return result.take()
    }
}

/// Where a block's parse leaves its result.
private final class BlockResult: Sendable {
    private let block = Mutex<EntryBlock?>(nil)

    func set(_ value: EntryBlock) { block.withLock { $0 = value } }
    func take() -> EntryBlock { block.withLock { $0.take() } ?? EntryBlock() }
}
