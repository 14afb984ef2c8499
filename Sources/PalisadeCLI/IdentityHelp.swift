/// Help text the identity commands share, written once so the commands explain it alike.
enum IdentityHelp {
    /// What `--idempotency-key` is for, in every action's `--help`.
    static let keyParagraph = """
        Idempotency: each action is named by a key, given with --idempotency-key (-k; --key is the \
        operator certificate's private key, as in every command). Without one the command makes a \
        fresh key and prints it first (on standard error). If the call times out or fails with a retryable error \
        (UNAVAILABLE, DEADLINE_EXCEEDED), nobody knows whether the provider acted: run the same \
        command with --idempotency-key and that key, and the service does the action at most once, or answers \
        the earlier call's result again ("replayed"). A final error (INVALID_ARGUMENT, NOT_FOUND, \
        FAILED_PRECONDITION, ALREADY_EXISTS) fails again unchanged: fix the cause and use a new key. \
        A key used for another action or user is ALREADY_EXISTS.
        """
}
