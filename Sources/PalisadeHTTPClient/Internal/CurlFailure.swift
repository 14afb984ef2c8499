internal import CCurl
import Foundation

/// The network- and TLS-level failures every curl protocol shares, so ``HTTPClientError`` and
/// ``SMTPError`` classify the same `CURLcode`s the same way and only add what is their own.
enum CurlFailure {
    case timeout, couldNotConnect, couldNotResolveHost, tlsCertificate, tlsHandshake

    /// The shared category of `rc`, or `nil` when it is protocol-specific (or not a failure).
    init?(_ rc: CURLcode) {
        switch rc {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout
        case CURLE_COULDNT_CONNECT:
            self = .couldNotConnect
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .couldNotResolveHost
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE:
            self = .tlsCertificate
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_SHUTDOWN_FAILED:
            self = .tlsHandshake
        default:
            return nil
        }
    }

    /// What curl said: the error buffer's text when it has one (more specific, e.g. "SSL
    /// certificate problem: certificate has expired"), else `curl_easy_strerror`.
    static func detail(_ rc: CURLcode, errorBuffer: String) -> String {
        errorBuffer.isEmpty ? String(cString: curl_easy_strerror(rc)) : errorBuffer
    }
}

/// Whether `path` names a readable regular file (not a directory): CA and certificate files are
/// checked when a client or mailer is created, so a wrong path fails at start.
func isReadableFile(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        && FileManager.default.isReadableFile(atPath: path)
}
