import ArgumentParser

/// `palisade activities`: reads the activity log the ingestion service keeps.
struct Activities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search the activity log and see what the ingestion service holds.",
        discussion: """
            The commands call palisade-ingestion at --address, else PALISADE_INGESTION_ADDRESS, else the \
            profile's "ingestionAddress", else 127.0.0.1:7102, with the mesh files of the other commands \
            (--ca/--cert/--key, PALISADE_CA/…, or the profile).

            Examples:
              palisade activities query --from 24h --tag Tor
              palisade activities stats
            """,
        subcommands: [QueryActivities.self, ActivityStats.self]
    )
}
