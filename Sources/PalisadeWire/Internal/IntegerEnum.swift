/// Conversions for `RawRepresentable` types with integer raw values (Palisade's enums).
///
/// Such types are encoded as their raw value, as a plain varint (two's complement for negative
/// raw values), not through their own `Codable` conformance, so that an unknown value from a
/// newer peer can fall back to the "unspecified" case (raw value 0) instead of failing.
enum IntegerEnum {
    static func hasIntegerRawValue(_ type: any RawRepresentable.Type) -> Bool {
        func check<R: RawRepresentable>(_: R.Type) -> Bool {
            R.RawValue.self is any FixedWidthInteger.Type
        }
        return check(type)
    }

    /// The raw value as 64 bits: sign-extended for signed raw types, so -1 is `0xFFFF_FFFF_FFFF_FFFF`.
    static func bits(of value: Any) -> UInt64? {
        guard let raw = value as? any RawRepresentable else { return nil }
        func extract<R: RawRepresentable>(_ value: R) -> UInt64? {
            guard let integer = value.rawValue as? any FixedWidthInteger else { return nil }
            return UInt64(truncatingIfNeeded: integer)
        }
        return extract(raw)
    }

    /// The raw value for JSON: a decimal integer in the raw type's own signedness.
    static func decimal(of value: Any) -> String? {
        guard let raw = value as? any RawRepresentable else { return nil }
        func extract<R: RawRepresentable>(_ value: R) -> String? {
            guard let integer = value.rawValue as? any FixedWidthInteger else { return nil }
            return "\(integer)"
        }
        return extract(raw)
    }

    /// Builds the case for a raw value given as 64 bits; `nil` if the value does not fit the
    /// raw type or names no case.
    static func make<T>(_ type: T.Type, bits: UInt64) -> T? {
        guard let representable = type as? any RawRepresentable.Type else { return nil }
        func build<R: RawRepresentable>(_: R.Type) -> R? {
            guard let integerType = R.RawValue.self as? any FixedWidthInteger.Type else { return nil }
            func convert<I: FixedWidthInteger>(_: I.Type) -> I? {
                I.isSigned ? I(exactly: Int64(bitPattern: bits)) : I(exactly: bits)
            }
            guard let raw = convert(integerType) as? R.RawValue else { return nil }
            return R(rawValue: raw)
        }
        return build(representable) as? T
    }

    /// Builds the case for `bits`, falling back to the raw value 0 ("unspecified") case for a
    /// value this build does not know; throws if there is no 0 case either.
    static func decode<T>(_ type: T.Type, bits: UInt64, path: [PathComponent]) throws -> T {
        if let value = make(type, bits: bits) ?? make(type, bits: 0) {
            return value
        }
        throw WireError(
            code: .invalidValue,
            message:
                "\(FieldPath.describe(path)): \(Int64(bitPattern: bits)) is not a case of \(type) and it has no 0 (unspecified) case to fall back to"
        )
    }
}
