internal import COpenSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PeerIdentity {
    /// Reads the subject alternative names and common name of a certificate. The pointer is
    /// borrowed (`SSL_get0_peer_certificate`): nothing here takes or frees a reference to it.
    init(borrowing certificate: OpaquePointer) {
        self.init()
        commonName = Self.commonName(of: certificate)
        // X509_get_ext_d2i returns a new GENERAL_NAMES stack that the caller must free.
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else {
            ERR_clear_error()
            return
        }
        let names = OpaquePointer(raw)
        defer { COpenSSL_GENERAL_NAMES_free(names) }
        for index in 0..<COpenSSL_sk_GENERAL_NAME_num(names) {
            guard let name = COpenSSL_sk_GENERAL_NAME_value(names, index) else { continue }
            switch name.pointee.type {
            case GEN_URI:
                if let text = Self.text(name.pointee.d.uniformResourceIdentifier) { uris.append(text) }
            case GEN_DNS:
                if let text = Self.text(name.pointee.d.dNSName) { dnsNames.append(text) }
            case GEN_IPADD:
                if let text = Self.ipText(name.pointee.d.iPAddress) { ipAddresses.append(text) }
            default:
                continue
            }
        }
    }

    /// An IA5String SAN as text; `nil` for empty or non-UTF-8 content (never trusted as a name).
    private static func text(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return nil }
        let length = Int(ASN1_STRING_length(string))
        guard length > 0 else { return nil }
        let bytes = UnsafeBufferPointer(start: data, count: length)
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// A 4- or 16-byte IP SAN as text via `inet_ntop`.
    private static func ipText(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return nil }
        let length = Int(ASN1_STRING_length(string))
        let family: Int32
        switch length {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var output = [CChar](repeating: 0, count: 64)
        let ok = output.withUnsafeMutableBufferPointer { buffer in
            inet_ntop(family, data, buffer.baseAddress, socklen_t(buffer.count)) != nil
        }
        guard ok else { return nil }
        let bytes = output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first common name of the subject, converted to UTF-8.
    private static func commonName(of certificate: OpaquePointer) -> String? {
        guard let subject = X509_get_subject_name(certificate) else { return nil }
        let index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(subject, index),
            let data = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else {
            ERR_clear_error()
            return nil
        }
        defer { COpenSSL_OPENSSL_free(utf8) }
        return String(validating: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }
}
