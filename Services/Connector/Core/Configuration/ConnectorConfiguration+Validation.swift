import PalisadeService

extension ConnectorConfiguration {
    /// Checks everything the connector will need before it starts: files readable, directories
    /// writable, numbers in range, keys that go together present together. The first problem
    /// found is thrown, naming its key.
    public func validate() throws(ConfigError) {
        try validateServiceSections()
        try ingestion.validate(key: "ingestion", tls: tls)
        try checkCreatableFile(database, key: "database")
        try checkCreatableFile(secretKeyFile, key: "secretKeyFile")
        try validateSlack()
        try validateSync()
        // Reading the client secret is part of validation: a missing or empty file is a
        // configuration error, not a runtime surprise at the first OAuth call.
        _ = try oauthSettings()
    }

    private func validateSlack() throws(ConfigError) {
        try checkHTTPSURL(slack.auditBaseUrl, key: "slack.auditBaseUrl", example: "https://slack.com")
        try checkHTTPSURL(slack.webApiBaseUrl, key: "slack.webApiBaseUrl", example: "https://slack.com")
        try checkHTTPSURL(slack.authorizeUrl, key: "slack.authorizeUrl", example: "https://slack.com")
        if let caFile = slack.caFile { try checkReadableFile(caFile, key: "slack.caFile") }
        switch (slack.clientId, slack.clientSecretFile) {
        case (nil, nil):
            break
        case (let id?, let file?):
            try checkThat(!id.isEmpty, key: "slack.clientId", "must not be empty")
            try checkReadableFile(file, key: "slack.clientSecretFile")
        case (nil, _?):
            throw ConfigError(code: .missingKey, message: "'slack.clientId' is required when 'slack.clientSecretFile' is set")
        case (_?, nil):
            throw ConfigError(code: .missingKey, message: "'slack.clientSecretFile' is required when 'slack.clientId' is set")
        }
        try checkRange(slack.timeoutSeconds, 1...600, key: "slack.timeoutSeconds")
    }

    private func validateSync() throws(ConfigError) {
        try checkRange(sync.pollIntervalSeconds, 1...86_400, key: "sync.pollIntervalSeconds")
        try checkRange(sync.overlapSeconds, SyncSettings.overlapRange, key: "sync.overlapSeconds")
        try checkRange(sync.backfillDays, SyncSettings.backfillDaysRange, key: "sync.backfillDays")
        try checkRange(sync.pageSize, 1...9999, key: "sync.pageSize")
        // Slack's rotating tokens live 12 hours; a margin that long would refresh constantly.
        try checkRange(sync.refreshMarginSeconds, 0...43_199, key: "sync.refreshMarginSeconds")
        // At least a few batches (3 MiB each), at most a terabyte.
        try checkRange(sync.maxOutboxMiB, 16...1_048_576, key: "sync.maxOutboxMiB")
    }
}
