import ArgumentParser
import Glibc
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

/// `palisade connect slack`: connects a Slack Enterprise organization through the connector,
/// with a token from a file (`AddConnection`) or through Slack's OAuth install in a browser
/// (`BeginOAuth` + `CompleteOAuth`).
struct ConnectSlack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slack",
        abstract: "Connect a Slack Enterprise organization (its audit log) to Palisade.",
        discussion: """
            Either --token-file FILE, holding an Org Owner's user token (xoxp-…) of the Palisade \
            app installed on the organization with the auditlogs:read scope (the file must be \
            mode 600), or --oauth, which prints a URL to open in a browser signed in as the Org \
            Owner and catches Slack's redirect on 127.0.0.1.
            """
    )

    @OptionGroup var connector: ConnectorClientOptions

    @Option(name: .long, help: "File holding the token (mode 600; whitespace around it is ignored).")
    var tokenFile: String?

    @Flag(name: .long, help: "Install through Slack's OAuth flow in a browser instead of a token file.")
    var oauth = false

    @Option(name: .long, help: "Days of history to fetch first (default: the connector's, 7).")
    var backfillDays: UInt32?

    @Option(
        name: .long, help: "Local port for the OAuth redirect (0 = any free port). Must match the app's redirect URL if that names a port.")
    var redirectPort: UInt16 = 0

    @Option(name: .long, help: "Minutes to wait for the browser to come back from Slack.")
    var oauthTimeout: Int = 10

    func validate() throws {
        if oauth == (tokenFile != nil) {
            throw ValidationError("give either --token-file FILE or --oauth")
        }
        if !oauth && redirectPort != 0 {
            throw ValidationError("--redirect-port goes with --oauth")
        }
        // Bounded above so that the wait in seconds (and in milliseconds, for poll) cannot
        // overflow; the connector forgets the OAuth state after 10 minutes anyway.
        if oauthTimeout <= 0 || oauthTimeout > 24 * 60 {
            throw ValidationError("--oauth-timeout must be between 1 and 1440 minutes")
        }
        if backfillDays == 0 {
            throw ValidationError("--backfill-days must be at least 1 (leave it out for the connector's default)")
        }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let rpc = try connector.makeClient()
            let info =
                if let tokenFile {
                    try await connectWithToken(rpc, file: tokenFile)
                } else {
                    try await connectWithOAuth(rpc)
                }
            print("connected \(ConnectionFormat.line(info))")
            print("follow the backfill with: palisade connections")
        }
    }

    private func connectWithToken(_ rpc: RPCClient, file: String) async throws -> ConnectionInfo {
        let request = AddConnectionRequest(token: try TokenFile.read(file), backfillDays: backfillDays ?? 0)
        return try await rpc.call(
            ConnectorAPI.addConnection, request, options: connector.callOptions)
    }

    private func connectWithOAuth(_ rpc: RPCClient) async throws -> ConnectionInfo {
        // Listen first: the redirect URI names the port, and the browser may be quick.
        let listener = try OAuthCallbackListener(port: redirectPort)
        let wait = Duration.seconds(oauthTimeout * 60)
        let begin = try await rpc.call(
            ConnectorAPI.beginOAuth, BeginOAuthRequest(redirectURI: listener.redirectURI), options: connector.callOptions)
        print(
            """
            Open this URL in a browser signed in as the Slack org owner:

              \(begin.authorizeURL)

            Waiting up to \(OAuthCallbackListener.describe(wait)) for Slack to redirect to \(listener.redirectURI) …
            """)
        // Standard output is fully buffered when it is not a terminal (a script, `tee`): the URL
        // must show now, not when the command ends.
        fflush(nil)
        let redirect = try await listener.waitForRedirect(expectedState: begin.state, timeout: wait)
        guard case .authorized(let code) = redirect else {
            if case .denied(let error) = redirect {
                throw CommandFailure(Self.explain(denial: error))
            }
            throw CommandFailure("the OAuth redirect carried no code")
        }
        let request = CompleteOAuthRequest(
            code: code, state: begin.state, redirectURI: listener.redirectURI, backfillDays: backfillDays ?? 0)
        return try await rpc.call(
            ConnectorAPI.completeOAuth, request, options: connector.callOptions)
    }

    /// What Slack's `error=` means for the person at the terminal.
    static func explain(denial error: String) -> String {
        switch error {
        case "access_denied":
            "Slack reports access_denied: the install was cancelled in the browser; run the command again and choose Allow"
        default:
            "Slack reports \(error) instead of authorizing the install; run the command again, signed in as an Org Owner"
        }
    }
}
