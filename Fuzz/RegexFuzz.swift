// libFuzzer entry point for the policy regex engine (`Sources/PalisadePolicies/Regex`), built by
// Fuzz/run.sh from those files alone (the engine depends on nothing else) and this driver as one
// module, so the engine's internal types are visible here.

/// One input is a pattern and a subject, split at the first NUL byte (or where the first byte
/// says when there is none), each read as UTF-8 (invalid bytes become U+FFFD). The pattern is
/// compiled with and without case folding; a refusal is fine, but must name a place in the
/// pattern. A compiled pattern is run on the subject, and:
///
/// - the run's steps stay within `programSize × (scalars + 1)`, the linear-time bound, and the
///   program within 10,000 instructions;
/// - it agrees with `reference`, a plain set-of-positions evaluation of the parsed pattern (on
///   subjects of up to 64 scalars), which checks the compiler and the Pike VM;
/// - ignoring case, folding the subject first, or changing the case of its ASCII letters, gives
///   the same answer;
/// - a pattern without anchors or boundaries that matches the subject matches it inside other text.
///
/// A breach traps. Any trap, crash or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let cut = bytes.firstIndex(of: 0) ?? (size > 0 ? Int(bytes[0]) % size : 0)
    let pattern = String(decoding: bytes[..<cut], as: UTF8.self)
    let subject = String(decoding: bytes[min(cut + 1, size)...], as: UTF8.self)
    for ignoringCase in [true, false] {
        let regex: LinearRegex
        do {
            regex = try LinearRegex(pattern, ignoringCase: ignoringCase)
        } catch {
            require(error.position >= 0 && error.position <= pattern.unicodeScalars.count, "refused at no place: \(error)")
            require(!error.message.isEmpty, "a refusal without a reason")
            continue
        }
        check(regex, pattern: pattern, subject: subject)
    }
    return 0
}

/// The invariants of one compiled pattern on one subject.
private func check(_ regex: LinearRegex, pattern: String, subject: String) {
    let scalars = subject.unicodeScalars.count
    let outcome = regex.matchWithSteps(subject)
    require(regex.programSize <= RegexProgram.maxInstructions, "a program of \(regex.programSize) instructions")
    require(
        outcome.steps <= regex.programSize * (scalars + 1),
        "\(outcome.steps) steps for \(regex.programSize) instructions on \(scalars) characters")
    if scalars <= 64, regex.programSize <= 2_000 {
        let expected = reference(try! RegexParser.parse(pattern), subject, ignoringCase: regex.ignoresCase)
        require(outcome.matched == expected, "/\(pattern)/ on \(subject.debugDescription): \(outcome.matched), reference \(expected)")
    }
    if regex.ignoresCase {
        var folded = String.UnicodeScalarView()
        for scalar in subject.unicodeScalars { folded.append(Unicode.Scalar(RegexFolding.fold(scalar.value)) ?? scalar) }
        require(regex.matches(String(folded)) == outcome.matched, "folding the subject changed the answer")
        require(regex.matches(asciiCased(subject, upper: true)) == outcome.matched, "upper-casing ASCII changed the answer")
        require(regex.matches(asciiCased(subject, upper: false)) == outcome.matched, "lower-casing ASCII changed the answer")
    }
    // `^`, `$`, `\b`, `\B` depend on what is around a match (a `^` in a class or `\\b` is skipped too).
    if outcome.matched, !pattern.contains("^"), !pattern.contains("$"), !pattern.contains("\\") {
        require(regex.matches("x" + subject + "\u{263A}"), "a match was lost inside other text")
    }
}

/// Traps with `message` unless `condition` holds (fatalError keeps its message in -O builds,
/// where precondition's is dropped).
private func require(_ condition: Bool, _ message: @autoclosure () -> String = "") {
    if !condition { fatalError(message()) }
}

/// `text` with its ASCII letters in one case (others untouched).
private func asciiCased(_ text: String, upper: Bool) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        let value = scalar.value
        let changed: UInt32 =
            upper ? (value >= 0x61 && value <= 0x7A ? value - 0x20 : value) : (value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
        scalars.append(Unicode.Scalar(changed) ?? scalar)
    }
    return String(scalars)
}

/// Whether `node` matches somewhere in `text`, by the definition rather than the machine: the set
/// of positions each part can end at, from every start. Quadratic and more; for short subjects.
private func reference(_ node: RegexNode, _ text: String, ignoringCase: Bool) -> Bool {
    let scalars = text.unicodeScalars.map { ignoringCase ? RegexFolding.fold($0.value) : $0.value }
    func ends(_ node: RegexNode, _ starts: Set<Int>) -> Set<Int> {
        switch node {
        case .empty: return starts
        case .scalar(let value):
            let wanted = ignoringCase ? RegexFolding.fold(value) : value
            return Set(starts.filter { $0 < scalars.count && scalars[$0] == wanted }.map { $0 + 1 })
        case .any: return Set(starts.filter { $0 < scalars.count }.map { $0 + 1 })
        case .set(let members, let negated):
            var set = ignoringCase ? members.caseClosed() : members
            if negated { set = set.inverted() }
            return Set(starts.filter { $0 < scalars.count && set.contains(scalars[$0]) }.map { $0 + 1 })
        case .assertion(let assertion):
            return starts.filter { position in
                assertion.holds(
                    previous: position > 0 ? scalars[position - 1] : nil, next: position < scalars.count ? scalars[position] : nil)
            }
        case .concatenation(let items):
            var current = starts
            for item in items { current = ends(item, current) }
            return current
        case .alternation(let branches):
            return branches.reduce(into: Set<Int>()) { $0.formUnion(ends($1, starts)) }
        case .repetition(let item, let min, let max, _):
            var current = starts
            for _ in 0..<min { current = ends(item, current) }
            // Further repetitions: a position reached again later has fewer repetitions left, so
            // only new positions are followed.
            var reached = current
            var frontier = current
            var count = min
            while !frontier.isEmpty, max.map({ count < $0 }) ?? true {
                frontier = ends(item, frontier).subtracting(reached)
                reached.formUnion(frontier)
                count += 1
            }
            return reached
        }
    }
    return !ends(node, Set(0...scalars.count)).isEmpty
}
