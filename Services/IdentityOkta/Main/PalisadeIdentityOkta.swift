import ArgumentParser
import IdentityOktaCore
import Logging
import PalisadeService

/// `palisade-identity-okta --config FILE`: the identity contract on Okta, until SIGTERM/SIGINT.
@main
struct PalisadeIdentityOktaService: ServiceCommand {
    static let serviceName = "identity"
    static let abstract = "Answer for Okta: user status; notify (through an SMTP relay), require sign-in, suspend."
    @OptionGroup var options: ServiceOptions

    static func makeRuntime(_ configuration: OktaConfiguration, logger: Logger) throws(StartupError) -> any ServiceRuntime {
        try OktaIdentity.makeRuntime(configuration: configuration, logger: logger)
    }
}
