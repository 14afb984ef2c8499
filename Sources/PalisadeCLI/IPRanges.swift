import ArgumentParser

/// `palisade ip-ranges`: the IP range catalogue that gives activities' addresses a category
/// and tags.
struct IPRanges: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ip-ranges",
        abstract: "Manage the IP ranges that mark activities' addresses (corporate, VPN, Tor, cloud…).",
        discussion: """
            An activity's address gets the category and tags of the longest matching block among \
            your ranges, else among the loaded feeds. Changes apply to activities ingested afterwards; \
            stored ones keep what they were given. The commands need an operator certificate and \
            reach palisade-ingestion as `palisade activities` does.

            Examples:
              palisade ip-ranges add office --network 198.51.100.0/24 --category corporate
              palisade ip-ranges load --format tor torbulkexitlist.txt
              palisade ip-ranges list
            """,
        subcommands: [AddIPRange.self, ListIPRanges.self, RemoveIPRange.self, LoadIPFeed.self]
    )
}
