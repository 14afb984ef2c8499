import ArgumentParser
import IdentityCore
import Logging
import PalisadeService

/// `palisade-identity --config FILE`: the identity contract on Microsoft Entra ID, until SIGTERM/SIGINT.
@main
struct PalisadeIdentityService: ServiceCommand {
    static let serviceName = "identity"
    static let abstract = "Answer for Microsoft Entra ID: user status from a copy of the directory; notify, require sign-in, suspend."
    @OptionGroup var options: ServiceOptions

    static func makeRuntime(_ configuration: EntraConfiguration, logger: Logger) throws(StartupError) -> any ServiceRuntime {
        try EntraIdentity.makeRuntime(configuration: configuration, logger: logger)
    }
}
