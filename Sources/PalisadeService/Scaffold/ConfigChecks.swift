import Foundation

/// Checks at start-up that the integer under `key` lies in `range`.
///
/// ```swift
/// try checkRange(config.sync.pageSize, 1...9999, key: "sync.pageSize")
/// // 'sync.pageSize' is 0; expected 1…9999
/// ```
public func checkRange(_ value: Int, _ range: ClosedRange<Int>, key: String) throws(ConfigError) {
    guard range.contains(value) else {
        throw ConfigError(code: .invalidValue, message: "'\(key)' is \(value); expected \(range.lowerBound)…\(range.upperBound)")
    }
}

/// Checks that `condition` holds, or throws "'key' problem" (e.g. "'x.name' must not be empty").
public func checkThat(_ condition: Bool, key: String, _ problem: String) throws(ConfigError) {
    guard condition else { throw ConfigError(code: .invalidValue, message: "'\(key)' \(problem)") }
}

/// Checks that the text under `key` is an absolute `https://host…` URL: tokens and client
/// secrets travel to it, so cleartext or a relative URL is refused.
public func checkHTTPSURL(_ text: String, key: String, example: String) throws(ConfigError) {
    guard let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
        throw ConfigError(code: .invalidValue, message: "'\(key)' must be an https:// URL with a host, e.g. \(example)")
    }
}

/// Checks a file the service reads, or creates on first start (a database, a key file): an
/// existing one must be readable, and its directory writable (SQLite writes its journal files
/// next to the database, so the directory must be writable even when the file exists).
public func checkCreatableFile(_ path: String, key: String) throws(ConfigError) {
    guard !path.isEmpty else { throw ConfigError(code: .invalidValue, message: "'\(key)' must not be empty") }
    if FileManager.default.fileExists(atPath: path) {
        try checkReadableFile(path, key: key)
    }
    let directory = (path as NSString).deletingLastPathComponent
    try checkWritableDirectory(directory.isEmpty ? "." : directory, key: key)
}
