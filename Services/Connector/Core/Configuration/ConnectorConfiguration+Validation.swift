import Foundation
import PalisadeService

extension ConnectorConfiguration: ValidatableConfig {
    /// Checks everything the connector will need before it starts: files readable, directories
    /// writable, numbers in range, keys that go together present together. The first problem
    /// found is thrown, naming its key.
    public func validate() throws(ConfigError) {
        try tls.validate(address: listen)
        // Cleartext towards ingestion only where cleartext is allowed for ourselves too: an
        // explicit `tls.plaintext` and a loopback peer.
        if tls.plaintext {
            try tls.validate(address: ingestion.address, addressKey: "ingestion.address")
        }
        try Self.require(!ingestion.serverName.isEmpty, "ingestion.serverName", "must not be empty")
        try Self.checkCreatableFile(database, key: "database")
        try Self.checkCreatableFile(secretKeyFile, key: "secretKeyFile")
        try validateSlack()
        try validateSync()
        if let metricsListen = metrics.listen { try Self.checkSeparatePort(metricsListen, from: listen) }
    }

    /// The metrics listener cannot share the RPC server's port: the second bind would fail at
    /// start-up, and saying so now lets `--check-config` catch it.
    private static func checkSeparatePort(_ metricsListen: ListenAddress, from listen: ListenAddress) throws(ConfigError) {
        guard metricsListen.port != 0, metricsListen.port == listen.port else { return }
        let overlapping = metricsListen.host.lowercased() == listen.host.lowercased()
            || metricsListen.isAllInterfaces || listen.isAllInterfaces
            || (metricsListen.isLoopback && listen.isLoopback)
        guard overlapping else { return }
        throw ConfigError(code: .invalidValue,
                          message: "'metrics.listen' is \(metricsListen), the port of 'listen' (\(listen)); "
                              + "the metrics listener needs a port of its own, e.g. 127.0.0.1:9101")
    }

    private func validateSlack() throws(ConfigError) {
        try Self.checkURL(slack.auditBaseUrl, key: "slack.auditBaseUrl")
        try Self.checkURL(slack.webApiBaseUrl, key: "slack.webApiBaseUrl")
        try Self.checkURL(slack.authorizeUrl, key: "slack.authorizeUrl")
        if let caFile = slack.caFile { try checkReadableFile(caFile, key: "slack.caFile") }
        switch (slack.clientId, slack.clientSecretFile) {
        case (nil, nil):
            break
        case (let id?, let file?):
            try Self.require(!id.isEmpty, "slack.clientId", "must not be empty")
            try checkReadableFile(file, key: "slack.clientSecretFile")
        case (nil, _?):
            throw ConfigError(code: .missingKey, message: "'slack.clientId' is required when 'slack.clientSecretFile' is set")
        case (_?, nil):
            throw ConfigError(code: .missingKey, message: "'slack.clientSecretFile' is required when 'slack.clientId' is set")
        }
        try Self.checkRange(slack.timeoutSeconds, 1...600, key: "slack.timeoutSeconds")
    }

    private func validateSync() throws(ConfigError) {
        try Self.checkRange(sync.pollIntervalSeconds, 1...86_400, key: "sync.pollIntervalSeconds")
        try Self.checkRange(sync.overlapSeconds, 0...86_400, key: "sync.overlapSeconds")
        try Self.checkRange(sync.backfillDays, 1...365, key: "sync.backfillDays")
        try Self.checkRange(sync.pageSize, 1...9999, key: "sync.pageSize")
        // Slack's rotating tokens live 12 hours; a margin that long would refresh constantly.
        try Self.checkRange(sync.refreshMarginSeconds, 0...43_199, key: "sync.refreshMarginSeconds")
    }

    private static func require(_ condition: Bool, _ key: String, _ problem: String) throws(ConfigError) {
        guard condition else { throw ConfigError(code: .invalidValue, message: "'\(key)' \(problem)") }
    }

    private static func checkRange(_ value: Int, _ range: ClosedRange<Int>, key: String) throws(ConfigError) {
        guard range.contains(value) else {
            throw ConfigError(code: .invalidValue,
                              message: "'\(key)' is \(value); expected \(range.lowerBound)…\(range.upperBound)")
        }
    }

    /// An absolute `https://host…` URL: tokens and client secrets travel to it.
    private static func checkURL(_ text: String, key: String) throws(ConfigError) {
        guard let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
            throw ConfigError(code: .invalidValue,
                              message: "'\(key)' must be an https:// URL with a host, e.g. https://slack.com")
        }
    }

    /// A file the connector reads, or creates on first start: an existing one must be readable,
    /// a missing one needs a writable directory.
    private static func checkCreatableFile(_ path: String, key: String) throws(ConfigError) {
        guard !path.isEmpty else { throw ConfigError(code: .invalidValue, message: "'\(key)' must not be empty") }
        if FileManager.default.fileExists(atPath: path) {
            try checkReadableFile(path, key: key)
        }
        // SQLite writes its journal files next to the database, so the directory must be
        // writable even when the file exists.
        let directory = (path as NSString).deletingLastPathComponent
        try checkWritableDirectory(directory.isEmpty ? "." : directory, key: key)
    }
}
