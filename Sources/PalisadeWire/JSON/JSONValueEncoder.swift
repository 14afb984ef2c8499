import Foundation

/// Turns one Swift value into its JSON form (see `Protocol/encoding.md`, "JSON mapping").
struct JSONValueEncoder {
    let maxDepth: Int

    /// Returns `nil` when the value wrote nothing (a `nil` optional), so the key is left out.
    func encodeValue<T: Encodable>(_ value: T, path: [PathComponent], depth: Int) throws -> JSONValue? {
        switch WireKind.of(T.self) {
        case .string:
            return .string(value as? String ?? "")
        case .bool:
            return .bool(value as? Bool == true)
        case .signedInteger, .unsignedInteger:
            return .number((value as? any FixedWidthInteger).map { "\($0)" } ?? "0")
        case .floatingPoint:
            if let float = value as? Float, float.isFinite { return .number("\(float)") }
            let double = (value as? Double) ?? Double(value as? Float ?? 0)
            if double.isNaN { return .string("NaN") }
            if double.isInfinite { return .string(double < 0 ? "-Infinity" : "Infinity") }
            return .number("\(double)")
        case .bytes:
            return .string((value as? Data ?? Data()).base64EncodedString())
        case .timestamp:
            let micros = try WireTime.microseconds(from: value as? Date ?? Date(timeIntervalSince1970: 0), path: path)
            guard let text = RFC3339.format(microseconds: micros) else {
                throw WireError(
                    code: .invalidValue, message: "\(FieldPath.describe(path)): timestamp is outside years 0001-9999")
            }
            return .string(text)
        case .integerEnum:
            return .number(IntegerEnum.decimal(of: value) ?? "0")
        case .array:
            return try encodeArray(value, path: path, depth: depth)
        case .dictionary:
            return try encodeDictionary(value, path: path, depth: depth)
        case .optional, .other:
            let encoder = JSONEncoderImpl(valueEncoder: self, path: path, depth: depth)
            try value.encode(to: encoder)
            return try encoder.storage.result(path: path)
        }
    }

    private func encodeArray<T: Encodable>(_ value: T, path: [PathComponent], depth: Int) throws -> JSONValue {
        guard let array = value as? any EncodableArray else {
            throw WireError(code: .unsupportedType, message: "\(FieldPath.describe(path)): array elements must be Encodable")
        }
        let elementKind = WireKind.of(type(of: array).elementType)
        try WireError.checkListElement(elementKind, path, "encoded; wrap the element in a message")
        var elements: [JSONValue] = []
        for (index, element) in array.encodableElements.enumerated() {
            guard let encoded = try encodeValue(element, path: path + [.index(index)], depth: depth) else {
                throw WireError(
                    code: .unsupportedType, message: "\(FieldPath.describe(path + [.index(index)])): list elements cannot be null")
            }
            elements.append(encoded)
        }
        return .array(elements)
    }

    /// Maps become objects; integer keys are written as decimal strings, as JSON requires.
    private func encodeDictionary<T: Encodable>(_ value: T, path: [PathComponent], depth: Int) throws -> JSONValue {
        guard let dictionary = value as? any EncodableDictionary,
            WireKind.of(type(of: dictionary).keyType).isMapKey
        else {
            throw WireError.invalidMapKey(path)
        }
        guard depth <= maxDepth else { throw WireError.depthExceeded(path, maxDepth) }
        var object: [String: JSONValue] = [:]
        for (index, entry) in dictionary.encodableEntries.enumerated() {
            let key = (entry.key as? String) ?? (entry.key as? any FixedWidthInteger).map { "\($0)" } ?? ""
            let valuePath = path + [.index(index), .field(name: "value", number: 2)]
            object[key] = try encodeValue(entry.value, path: valuePath, depth: depth + 1) ?? .null
        }
        return .object(object)
    }
}
