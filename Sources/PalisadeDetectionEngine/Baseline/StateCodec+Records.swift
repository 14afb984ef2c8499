// The byte forms of the state records whose fields are all public (`SeenList` and
// `BurstCounter` write theirs beside their private fields). Fields in declaration order;
// a field added later goes at the end, with a new format version.

extension Mark: StateRecord {
    public func write(to writer: inout ByteWriter) {
        writer.int(time)
        writer.string(key)
        writer.bool(new)
        writer.uint(sequence)
        writer.string(entryID)
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        self.init(
            time: try reader.int(), key: try reader.string(), new: try reader.bool(), sequence: try reader.uint(),
            entryID: try reader.string())
    }
}

extension Place: StateRecord {
    public func write(to writer: inout ByteWriter) {
        writer.int(time)
        writer.double(latitude)
        writer.double(longitude)
        writer.double(radiusKm)
        writer.string(country)
        writer.string(city)
        writer.string(ip)
        writer.int(Int64(ipCategory))
        writer.uint(sequence)
        writer.string(entryID)
        writer.string(action)
        writer.bool(anonymous)
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        self.init(
            time: try reader.int(), latitude: try reader.double(), longitude: try reader.double(), radiusKm: try reader.double(),
            country: try reader.string(), city: try reader.string(), ip: try reader.string(), ipCategory: Int(try reader.int()),
            sequence: try reader.uint(), entryID: try reader.string(), action: try reader.string(), anonymous: try reader.bool())
    }
}

extension UserBaseline: StateRecord {
    public func write(to writer: inout ByteWriter) {
        writer.int(firstSeen)
        writer.int(lastSeen)
        for list in [countries, cities, addresses, userAgents] { list.write(to: &writer) }
        writer.list(hours) { writer, count in writer.uint(UInt64(count)) }
        adminActions.write(to: &writer)
        actingFor.write(to: &writer)
        writer.bool(lastPlace != nil)
        lastPlace?.write(to: &writer)
        failures.write(to: &writer)
        admin.write(to: &writer)
        writer.bool(deactivatedAt != nil)
        if let deactivatedAt { writer.int(deactivatedAt) }
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        self.init(firstSeen: try reader.int())
        lastSeen = try reader.int()
        countries = try SeenList(from: &reader)
        cities = try SeenList(from: &reader)
        addresses = try SeenList(from: &reader)
        userAgents = try SeenList(from: &reader)
        hours = try reader.list { reader throws(StateCodecError) in try reader.uint32() }
        guard hours.count == 24 else { throw StateCodecError("a baseline has \(hours.count) hours, not 24") }
        adminActions = try SeenList(from: &reader)
        actingFor = try SeenList(from: &reader)
        lastPlace = try reader.bool() ? try Place(from: &reader) : nil
        failures = try BurstCounter(from: &reader)
        admin = try BurstCounter(from: &reader)
        deactivatedAt = try reader.bool() ? try reader.int() : nil
    }
}

extension OrgBaseline: StateRecord {
    public func write(to writer: inout ByteWriter) { writer.int(firstSeen) }

    public init(from reader: inout ByteReader) throws(StateCodecError) { self.init(firstSeen: try reader.int()) }
}

extension AddressUse: StateRecord {
    public func write(to writer: inout ByteWriter) {
        writer.list(users) { writer, user in writer.string(user) }
        writer.list(failed) { writer, mark in mark.write(to: &writer) }
        writer.int(sprayUntil)
        writer.int(suspectUntil)
        writer.int(last)
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        self.init()
        users = try reader.list { reader throws(StateCodecError) in try reader.string() }
        failed = try reader.list { reader throws(StateCodecError) in try Mark(from: &reader) }
        sprayUntil = try reader.int()
        suspectUntil = try reader.int()
        last = try reader.int()
    }
}

extension AppUse: StateRecord {
    public func write(to writer: inout ByteWriter) {
        writer.int(first)
        writer.list(users) { writer, user in writer.string(user) }
        writer.int(last)
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        self.init(first: try reader.int())
        users = try reader.list { reader throws(StateCodecError) in try reader.string() }
        last = try reader.int()
    }
}

extension PlaceUse: StateRecord {
    public func write(to writer: inout ByteWriter) {
        writer.list(users) { writer, user in writer.string(user) }
        writer.int(last)
    }

    public init(from reader: inout ByteReader) throws(StateCodecError) {
        self.init()
        users = try reader.list { reader throws(StateCodecError) in try reader.string() }
        last = try reader.int()
    }
}
