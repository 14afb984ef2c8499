import Foundation
import PalisadeTestSupport
import PalisadeWire
import Testing

/// The values the files at the top of `Protocol/vectors` describe.
enum Vectors {
    static let all: [GoldenVector] = [
        GoldenVector("scalars_default", Scalars()),
        GoldenVector(
            "scalars_positive",
            Scalars(
                i32: 150, i64: 1_234_567_890_123, u32: .max, u64: .max, flag: true, ratio: 1.5, text: "héllo, 世界",
                blob: Data([0x00, 0x01, 0xFE, 0xFF]), at: timestamp(1_714_979_289_123_456), color: .green)),
        GoldenVector(
            "scalars_negative",
            Scalars(i32: -1, i64: .min, ratio: -0.25, at: timestamp(-14_182_940_000_000), color: .blue)),
        GoldenVector(
            "nested", Nested(id: 42, item: Item(qty: 3, id: "widget"), scalars: Scalars(i32: -2, text: "deep"))),
        GoldenVector(
            "collections",
            Collections(
                numbers: [1, -1, 300, .min], tags: ["x", "", "yz"], items: [Item(qty: 1, id: "a"), Item()],
                counts: ["": 0, "a": -1, "b": 300], names: [-5: "minus five", 0: "zero", 7: "seven"],
                weights: [0.5, -2.0], colors: [.red, .unspecified, .blue])),
        GoldenVector("optionals_absent", Optionals()),
        GoldenVector(
            "optionals_present", Optionals(maybeNumber: 0, maybeText: "", maybeItem: Item(), maybeColor: .unspecified)),
        GoldenVector("empty", Empty()),
        GoldenVector("unknown_fields", Item(qty: 7, id: "new")),
        GoldenVector("health_check_request", HealthCheckRequest(service: "palisade.detection.v1.Detection")),
        GoldenVector("health_check_response", HealthCheckResponse(status: .serving)),
    ]
}

@Suite("Golden vectors in Protocol/vectors")
struct GoldenVectorTests {
    @Test("every vector file has an expected value, and every expected value a file")
    func tableMatchesDirectory() throws {
        #expect(try VectorFiles.names() == Vectors.all.map(\.name).sorted())
    }

    @Test("binary: decode equals the expected value, encode reproduces the bytes", arguments: Vectors.all)
    func binary(_ vector: GoldenVector) throws {
        let problems = try vector.binaryProblems()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("JSON: decode equals the expected value, encode gives the same JSON", arguments: Vectors.all)
    func json(_ vector: GoldenVector) throws {
        let problems = try vector.jsonProblems()
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("the canonical form of a vector is a fixed point")
    func canonicalIsFixedPoint() throws {
        let canonical = try VectorFiles.hex("unknown_fields.canonical.hex")
        let item = try WireDecoder().decode(Item.self, from: canonical)
        #expect(try WireEncoder().encode(item) == canonical)
    }
}
