import PalisadeMessages

/// The checks of `Protocol/identity.md` on a request, before anything is recorded or asked:
/// what fails here is `INVALID_ARGUMENT` and never reaches the action log.
enum ActionRequestCheck {
    /// The longest idempotency key.
    static let maxKeyBytes = 200
    /// The longest reason, in bytes.
    static let maxReasonBytes = 1_000
    /// The longest subject, in characters.
    static let maxSubject = 255
    /// The longest notice text, in bytes.
    static let maxText = 64 << 10

    /// The user a status or action request names.
    static func user(email: String, providerID: String) throws(IdentityFailure) -> UserKey {
        if !providerID.isEmpty {
            guard providerID.utf8.count <= 200, providerID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw IdentityFailure(.invalid, "providerID must be 1–200 printable ASCII characters without spaces")
            }
            return UserKey(providerID: providerID, email: email)
        }
        guard !email.isEmpty else {
            throw IdentityFailure(.invalid, "name the user: give email (an address or user principal name) or providerID")
        }
        try checkAddress(email)
        return UserKey(email: email)
    }

    /// An e-mail address or user principal name: `local@domain`, at most 254 bytes, no spaces,
    /// quotes or control characters (which no provider allows in a sign-in name, and which would
    /// otherwise reach a query filter or a mail header).
    static func checkAddress(_ email: String) throws(IdentityFailure) {
        let bytes = Array(email.utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "@"))
        let forbidden = bytes.contains { $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }
        guard bytes.count <= 254, let at, at > 0, at < bytes.count - 1, bytes.lastIndex(of: UInt8(ascii: "@")) == at, !forbidden,
            bytes[(at + 1)...].first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".")
        else {
            throw IdentityFailure(
                .invalid, "'\(email.prefix(80))' is not an e-mail address: expected name@domain, without spaces or quotes")
        }
    }

    /// An action request: its key, its user, and the notice exactly when the action is a notice.
    static func action(_ action: IdentityAction, _ request: UserActionRequest) throws(IdentityFailure) -> UserKey {
        let key = request.idempotencyKey.utf8
        guard !key.isEmpty, key.count <= maxKeyBytes, key.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw IdentityFailure(
                .invalid, "idempotencyKey must be 1–\(maxKeyBytes) printable ASCII characters without spaces, e.g. alert-42/suspend")
        }
        let user = try user(email: request.email, providerID: request.providerID)
        // The reason is kept in the action log for every key: bounded, so a caller cannot grow it without end.
        guard request.reason.utf8.count <= maxReasonBytes else {
            throw IdentityFailure(.invalid, "the reason must be at most \(maxReasonBytes) bytes")
        }
        switch (action, request.notice) {
        case (.notifyUser, nil):
            throw IdentityFailure(.invalid, "NotifyUser needs a notice: subject and text")
        case (.notifyUser, let notice?):
            try check(notice)
        case (_, .some):
            throw IdentityFailure(.invalid, "only NotifyUser takes a notice; leave it out of \(action.name)")
        case (_, nil):
            break
        }
        return user
    }

    private static func check(_ notice: UserNotice) throws(IdentityFailure) {
        guard !notice.subject.isEmpty, notice.subject.count <= maxSubject,
            !notice.subject.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw IdentityFailure(.invalid, "the notice's subject must be one line of 1–\(maxSubject) characters")
        }
        guard !notice.text.isEmpty, notice.text.utf8.count <= maxText else {
            throw IdentityFailure(.invalid, "the notice's text must be 1 byte to 64 KiB")
        }
        if !notice.link.isEmpty {
            guard notice.link.hasPrefix("https://"), notice.link.utf8.count <= 2048,
                notice.link.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else {
                throw IdentityFailure(.invalid, "the notice's link must be an https:// URL without spaces, at most 2,048 characters")
            }
        }
    }
}
