import Foundation

/// Turns a JSON value into a Swift value with the same rules as the binary decoder: absent or
/// `null` means the default, unknown keys are ignored, unknown enum values become the 0 case.
struct JSONValueDecoder {
    let maxDepth: Int

    func decodeValue<T: Decodable>(_ type: T.Type, from json: JSONValue?, path: [PathComponent], depth: Int) throws -> T {
        let value: JSONValue? = json == .null ? nil : json
        switch WireKind.of(T.self) {
        case .string:
            guard let value else { return try WireError.cast("", path) }
            guard case .string(let text) = value else { throw mismatch("string", value, path) }
            return try WireError.cast(text, path)
        case .bool:
            guard let value else { return try WireError.cast(false, path) }
            guard case .bool(let flag) = value else { throw mismatch("boolean", value, path) }
            return try WireError.cast(flag, path)
        case .signedInteger, .unsignedInteger:
            guard let value else { return try integer(T.self, "0", path) }
            return try integer(T.self, try numberText(value, path), path)
        case .floatingPoint:
            let double = try floatingPoint(value, path)
            return T.self == Float.self ? try WireError.cast(Float(double), path) : try WireError.cast(double, path)
        case .bytes:
            guard let value else { return try WireError.cast(Data(), path) }
            guard case .string(let text) = value else { throw mismatch("base64 string", value, path) }
            guard let data = Self.base64(text) else {
                throw WireError(code: .invalidValue, message: "\(FieldPath.describe(path)): '\(text)' is not valid base64")
            }
            return try WireError.cast(data, path)
        case .timestamp:
            guard let value else { return try WireError.cast(Date(timeIntervalSince1970: 0), path) }
            guard case .string(let text) = value else { throw mismatch("RFC 3339 timestamp string", value, path) }
            guard let micros = RFC3339.parse(text) else {
                throw WireError(
                    code: .invalidValue,
                    message: "\(FieldPath.describe(path)): '\(text)' is not an RFC 3339 timestamp like 2024-05-06T07:08:09.123456Z")
            }
            // Years 0001–9999 are far inside the bound; checked all the same.
            guard let date = WireTime.date(fromMicroseconds: micros) else { throw WireTime.outOfRange(micros, path) }
            return try WireError.cast(date, path)
        case .integerEnum:
            guard let value else { return try IntegerEnum.decode(T.self, bits: 0, path: path) }
            let raw: Int64 = try integer(Int64.self, try numberText(value, path), path)
            return try IntegerEnum.decode(T.self, bits: UInt64(bitPattern: raw), path: path)
        case .array:
            guard let arrayType = T.self as? any DecodableArray.Type else { throw WireError.notDecodable(T.self, path) }
            var elements: [JSONValue] = []
            if let value {
                guard case .array(let list) = value else { throw mismatch("array", value, path) }
                elements = list
            }
            return try WireError.cast(
                try arrayType.decode(with: JSONArrayVisitor(decoder: self, elements: elements, path: path, depth: depth)), path)
        case .dictionary:
            guard let dictionaryType = T.self as? any DecodableDictionary.Type else { throw WireError.notDecodable(T.self, path) }
            var members: [String: JSONValue] = [:]
            if let value {
                guard case .object(let object) = value else { throw mismatch("object", value, path) }
                members = object
            }
            let visitor = JSONDictionaryVisitor(decoder: self, members: members, path: path, depth: depth)
            return try WireError.cast(try dictionaryType.decode(with: visitor), path)
        case .optional, .other:
            return try T(from: JSONDecoderImpl(context: self, value: value, path: path, depth: depth))
        }
    }

    /// Integers may be JSON numbers or strings holding one (for 64-bit values from JavaScript).
    func integer<T>(_ type: T.Type, _ text: String, _ path: [PathComponent]) throws -> T {
        let isNumeric = !text.isEmpty && text.utf8.allSatisfy { "0123456789+-.eE".utf8.contains($0) }
        guard isNumeric else {
            throw WireError(code: .invalidValue, message: "\(FieldPath.describe(path)): '\(text)' is not an integer")
        }
        let converted: T?
        if let signed = Int64(text) {
            converted = BinaryValueDecoder.integer(T.self, exactly: signed)
        } else if let unsigned = UInt64(text) {
            converted = BinaryValueDecoder.integer(T.self, exactly: unsigned)
        } else if let double = Double(text), double.isFinite {
            // Accept 1e3 or 2.0, which some JSON producers emit for whole numbers.
            guard double == double.rounded() else {
                throw WireError(code: .invalidValue, message: "\(FieldPath.describe(path)): \(text) is not a whole number")
            }
            converted = BinaryValueDecoder.integer(T.self, exactlyDouble: double)
        } else {
            converted = nil
        }
        if let converted { return converted }
        throw WireError(code: .valueOutOfRange, message: "\(FieldPath.describe(path)): \(text) does not fit in \(type)")
    }

    private func numberText(_ value: JSONValue, _ path: [PathComponent]) throws -> String {
        switch value {
        case .number(let text), .string(let text): return text
        default: throw mismatch("integer (number or string)", value, path)
        }
    }

    private func floatingPoint(_ value: JSONValue?, _ path: [PathComponent]) throws -> Double {
        switch value {
        case nil: return 0
        case .number(let text)?:
            if let double = Double(text) { return double }
        case .string(let text)?:
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default:
                if text.utf8.allSatisfy({ "0123456789+-.eE".utf8.contains($0) }), let double = Double(text) { return double }
            }
        case let other?:
            throw mismatch("number", other, path)
        }
        throw WireError(code: .invalidValue, message: "\(FieldPath.describe(path)): not a valid number")
    }

    /// Accepts standard and URL-safe alphabets, with or without padding.
    static func base64(_ text: String) -> Data? {
        var normalized = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        if normalized.utf8.count % 4 != 0 {
            normalized += String(repeating: "=", count: 4 - normalized.utf8.count % 4)
        }
        return Data(base64Encoded: normalized)
    }

    func mismatch(_ expected: String, _ value: JSONValue, _ path: [PathComponent]) -> WireError {
        WireError(code: .typeMismatch, message: "\(FieldPath.describe(path)): expected \(expected), got \(value.typeName)")
    }
}

/// Decodes the elements of a JSON array.
struct JSONArrayVisitor: ArrayDecodingVisitor {
    let decoder: JSONValueDecoder
    let elements: [JSONValue]
    let path: [PathComponent]
    let depth: Int

    func visit<Element: Decodable>(_ elementType: Element.Type) throws -> [Element] {
        let kind = WireKind.of(Element.self)
        try WireError.checkListElement(kind, path, "decoded")
        return try elements.enumerated().map { index, element in
            try decoder.decodeValue(Element.self, from: element, path: path + [.index(index)], depth: depth)
        }
    }
}

/// Decodes a JSON object as a map; integer keys are parsed from the member names.
struct JSONDictionaryVisitor: DictionaryDecodingVisitor {
    let decoder: JSONValueDecoder
    let members: [String: JSONValue]
    let path: [PathComponent]
    let depth: Int

    func visit<Key: Decodable & Hashable, Value: Decodable>(_ keyType: Key.Type, _ valueType: Value.Type) throws
        -> [Key: Value]
    {
        let keyKind = WireKind.of(Key.self)
        guard keyKind.isMapKey else {
            throw WireError.invalidMapKey(path)
        }
        guard depth <= decoder.maxDepth else { throw WireError.depthExceeded(path, decoder.maxDepth) }
        var result: [Key: Value] = [:]
        for (index, member) in members.enumerated() {
            let entryPath = path + [.index(index)]
            let key: Key =
                keyKind == .string
                ? try decoder.decodeValue(Key.self, from: .string(member.key), path: entryPath, depth: depth + 1)
                : try decoder.integer(Key.self, member.key, entryPath + [.field(name: "key", number: 1)])
            result[key] = try decoder.decodeValue(
                Value.self, from: member.value, path: entryPath + [.field(name: "value", number: 2)], depth: depth + 1)
        }
        return result
    }
}
