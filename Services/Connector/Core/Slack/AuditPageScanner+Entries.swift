import PalisadeJSON

extension AuditPageScanner {
    /// Reads the `entries` array: each element must be an object with a non-empty string `id`
    /// and an integer `date_create` at its top level; all else in it is validated and skipped.
    func scanEntries(_ reader: inout JSONByteReader) throws(AuditPageError) -> [ScannedEntry] {
        let first = try reader.nextToken(expecting: "an array")
        guard first == UInt8(ascii: "[") else {
            throw wrongType("entries", expected: "an array", found: first, at: reader.offset)
        }
        try reader.checkDepth(2)
        reader.offset += 1
        var entries: [ScannedEntry] = []
        // Entries are about 800 bytes; reserving up front avoids regrowing a 10,000-entry array.
        entries.reserveCapacity(min(reader.count / 512, 10_000))
        if try reader.nextToken(expecting: "an entry or ']'") == UInt8(ascii: "]") {
            reader.offset += 1
            return entries
        }
        repeat {
            do throws(AuditPageError) {
                entries.append(try scanEntry(&reader, index: entries.count))
            } catch {
                throw error.within("entries[\(entries.count)]")
            }
        } while try reader.consumeSeparator(closer: UInt8(ascii: "]"), expecting: "',' or ']' after an entry")
        return entries
    }

    /// Reads one entry object, which starts at the next token.
    private func scanEntry(_ reader: inout JSONByteReader, index: Int) throws(AuditPageError) -> ScannedEntry {
        let first = try reader.nextToken(expecting: "an entry object")
        guard first == UInt8(ascii: "{") else {
            throw wrongType("entries[]", expected: "an object", found: first, at: reader.offset)
        }
        try reader.checkDepth(3)
        let start = reader.offset
        reader.offset += 1
        var id: String?
        var dateCreate: Int64?
        if try reader.nextToken(expecting: "a key or '}'") != UInt8(ascii: "}") {
            repeat {
                let key = try reader.readKey()
                if reader.token(key, equals: "id") {
                    guard id == nil else { throw duplicate("id", at: reader.offset) }
                    let valueOffset = reader.offset
                    let value = try readString(&reader, field: "id")
                    guard !value.isEmpty else {
                        throw AuditPageError(
                            code: .invalidValue("id"), offset: valueOffset,
                            message: "\"id\" is empty at byte \(valueOffset); entries need an id to be de-duplicated")
                    }
                    id = value
                } else if reader.token(key, equals: "date_create") {
                    guard dateCreate == nil else { throw duplicate("date_create", at: reader.offset) }
                    dateCreate = try readDateCreate(&reader)
                } else {
                    try reader.skipValue(depth: 3)
                }
            } while try reader.consumeSeparator(closer: UInt8(ascii: "}"), expecting: "',' or '}' after a member")
        } else {
            reader.offset += 1
        }
        let end = reader.offset
        guard let id else { throw missing("id", entryStart: start) }
        guard let dateCreate else { throw missing("date_create", entryStart: start) }
        return ScannedEntry(id: id, dateCreate: dateCreate, bytes: start..<end)
    }

    /// Reads `date_create`: an integer number of Unix seconds that fits `Int64`.
    private func readDateCreate(_ reader: inout JSONByteReader) throws(AuditPageError) -> Int64 {
        let first = try reader.nextToken(expecting: "an integer")
        guard first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            throw wrongType("date_create", expected: "an integer (Unix seconds)", found: first, at: reader.offset)
        }
        let number = try reader.scanNumber()
        guard number.isInteger else {
            throw AuditPageError(
                code: .wrongType("date_create"), offset: number.start,
                message: "\"date_create\" must be an integer number of Unix seconds, found a number with a "
                    + "fraction or an exponent at byte \(number.start)")
        }
        guard let value = reader.int64(number) else {
            throw AuditPageError(
                code: .invalidValue("date_create"), offset: number.start,
                message: "\"date_create\" at byte \(number.start) does not fit in a 64-bit integer")
        }
        return value
    }

    private func missing(_ field: String, entryStart: Int) -> AuditPageError {
        AuditPageError(
            code: .missingField(field), offset: entryStart,
            message: "the entry starting at byte \(entryStart) has no top-level \"\(field)\"")
    }
}
