import Foundation
import Logging
import PalisadePolicies
import PalisadeStorage
import Synchronization

/// The custom policies: stored in the database, read from a directory at start, changed over
/// RPC; each change hands the pipeline the new list of policies to run. Changes are serialised
/// by `changing`, so two operators' calls cannot interleave a store write and the list handed on.
final class PolicyBook: Sendable {
    let store: DetectionStore
    private let logger: Logger
    /// Stored policies with their parsed form, by name.
    private let book = Mutex<[String: (stored: StoredPolicy, policy: ActivityPolicy)]>([:])
    private let pipeline = Mutex<DetectionPipeline?>(nil)
    /// Held for the whole of a change.
    private let changing = Mutex(())

    /// The stored policies; one that no longer parses (written by another version) is logged
    /// and left out.
    init(store: DetectionStore, logger: Logger) throws(StorageError) {
        self.store = store
        self.logger = logger
        var loaded: [String: (StoredPolicy, ActivityPolicy)] = [:]
        for stored in try store.policies() {
            do {
                loaded[stored.name] = (stored, try ActivityPolicy.parse(stored.source, file: stored.file))
            } catch {
                logger.error("a stored policy does not parse and is not run", metadata: ["policy": "\(stored.name)", "error": "\(error)"])
            }
        }
        book.withLock { $0 = loaded }
    }

    /// The policies to run: those switched on (the switch starts as the file's `enabled` and an
    /// operator may turn it over; `Protocol/detection.md` "Custom policies").
    var active: [ActivityPolicy] {
        book.withLock { book in
            book.values.filter(\.stored.enabled).map { entry in
                var policy = entry.policy
                policy.enabled = true
                return policy
            }.sorted { $0.name < $1.name }
        }
    }

    /// Every stored policy with its parsed form, by name.
    var all: [(stored: StoredPolicy, policy: ActivityPolicy)] {
        book.withLock { $0.values.sorted { $0.stored.name < $1.stored.name } }
    }

    /// The pipeline that runs them, once it exists.
    func attach(_ pipeline: DetectionPipeline) { self.pipeline.withLock { $0 = pipeline } }

    /// Reads every `*.yaml`, `*.yml` and `*.json` file under `directory`: a file's policy is
    /// stored, or replaces the stored one of its name when its text changed. A file that does not
    /// parse, or names a policy an earlier file (by path order) named, is logged with its
    /// location and skipped. Returns the errors, one line each.
    @discardableResult
    func loadDirectory(_ directory: String, now: Int64) throws(StorageError) -> [String] {
        var errors: [String] = []
        var names: [String: String] = [:]
        let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { [".yaml", ".yml", ".json"].contains(where: $0.lowercased().hasSuffix) }.sorted()
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                errors.append("\(path): cannot read the file as UTF-8 text")
                continue
            }
            do {
                // Two files of one name would replace each other at every start: the second is refused.
                let name = try ActivityPolicy.parse(text, file: path).name
                if let first = names[name] {
                    errors.append("\(path): the policy name “\(name)” is \(first)'s already; give one of them another name")
                    continue
                }
                names[name] = path
                _ = try put(source: text, file: path, create: nil, now: now)
            } catch let error as PolicyError {
                errors.append(error.description)
            } catch let error as PolicyBookError {
                errors.append("\(path): \(error.message)")
            } catch {
                throw error as? StorageError ?? StorageError(code: .aborted, message: "\(error)")
            }
        }
        for error in errors { logger.error("a policy file is not run", metadata: ["error": "\(error)"]) }
        return errors
    }

    /// Parses `source` and stores it: `create` true makes a new policy (refused when the name is
    /// taken), false replaces one (refused when none), nil does whichever applies; text equal to
    /// the stored text changes nothing. Returns the stored form.
    func put(source: String, file: String, create: Bool?, now: Int64) throws -> (stored: StoredPolicy, policy: ActivityPolicy) {
        try changing.withLock { _ in try putLocked(source: source, file: file, create: create, now: now) }
    }

    private func putLocked(source: String, file: String, create: Bool?, now: Int64) throws -> (stored: StoredPolicy, policy: ActivityPolicy)
    {
        let policy = try ActivityPolicy.parse(source, file: file)
        let existing = book.withLock { $0[policy.name] }
        if create == true, existing != nil {
            throw PolicyBookError(.exists, "a policy named “\(policy.name)” exists; update it, or choose another name")
        }
        if create == false, existing == nil {
            throw PolicyBookError(.notFound, "no policy is named “\(policy.name)”; create it first")
        }
        if create == nil, let existing, existing.stored.source == source { return existing }
        // Created or updated, the switch is the file's `enabled` again.
        let stored = StoredPolicy(
            name: policy.name, source: source, file: (file as NSString).lastPathComponent, enabled: policy.enabled,
            created: existing?.stored.created ?? now, updated: now)
        guard try store.save(stored, create: existing == nil) else {
            throw PolicyBookError(.conflict, "the policy “\(policy.name)” changed meanwhile; try again")
        }
        book.withLock { $0[policy.name] = (stored, policy) }
        changed(policy.name)
        return (stored, policy)
    }

    /// Switches the policy named `name` on or off (`by` the caller). Switching a policy to the
    /// state it is in changes nothing; switching on a policy over its daily limit restarts it.
    func setEnabled(
        _ name: String, _ enabled: Bool, by caller: String, overLimit: Bool, now: Int64
    ) throws -> (stored: StoredPolicy, policy: ActivityPolicy) {
        try changing.withLock { _ in
            guard var entry = book.withLock({ $0[name] }) else { throw PolicyBookError(.notFound, "no policy is named “\(name)”") }
            if entry.stored.enabled == enabled && !(enabled && overLimit) { return entry }
            guard try store.setEnabled(name, enabled, by: caller, at: now) else {
                throw PolicyBookError(.notFound, "no policy is named “\(name)”")
            }
            entry.stored.enabled = enabled
            entry.stored.disabledBy = enabled ? "" : caller
            entry.stored.updated = now
            book.withLock { $0[name] = entry }
            changed(name)
            return entry
        }
    }

    /// The policy named `name`.
    func entry(_ name: String) throws -> (stored: StoredPolicy, policy: ActivityPolicy) {
        guard let entry = book.withLock({ $0[name] }) else { throw PolicyBookError(.notFound, "no policy is named “\(name)”") }
        return entry
    }

    /// Deletes the policy named `name`; its findings stay.
    func delete(_ name: String) throws {
        try changing.withLock { _ in
            guard try store.deletePolicy(name) else { throw PolicyBookError(.notFound, "no policy is named “\(name)”") }
            book.withLock { $0[name] = nil }
            changed(name)
        }
    }

    /// Hands the pipeline the new list; the policy `name` starts afresh.
    private func changed(_ name: String) {
        pipeline.withLock { $0 }?.replacePolicies(active, reset: [name])
    }
}

/// Why the book refused a change.
struct PolicyBookError: Error {
    enum Code { case exists, notFound, conflict }
    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
