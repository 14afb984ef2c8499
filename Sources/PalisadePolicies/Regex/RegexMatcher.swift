/// Runs a `RegexProgram` over text as a Pike VM without captures: every live instruction is
/// advanced over each character at once, and an instruction is live at most once per position,
/// so a run does at most `instructions.count` steps per character, whatever the pattern. There
/// is no backtracking: `(a*)*b` on 30,000 `a`s costs what `a*b` does, within a constant.
///
/// A run allocates its scratch once (on the stack when small) and nothing per character.
struct RegexMatcher: Sendable {
    /// The program run.
    let program: RegexProgram

    /// What a run found and what it cost.
    struct Outcome: Sendable, Equatable {
        /// Whether the pattern matches somewhere in the text.
        var matched: Bool
        /// Instructions made live, over all positions: at most `instructions.count` times the
        /// number of characters plus one. Tests and the fuzz target check that bound.
        var steps: Int
    }

    /// Whether the program matches anywhere in `text` (a search: unanchored unless the pattern
    /// says `^` or `$`), stopping at the first match found.
    func run(_ text: String) -> Outcome {
        let size = program.instructions.count
        // Per instruction: the position it was last made live at, and two lists of live
        // consuming instructions; the closure's stack needs at most two entries per instruction.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 5 * size + 1) { buffer in
            let base = buffer.baseAddress!
            base.initialize(repeating: 0, count: size)
            var run = Run(
                program: program, marks: base, current: base + size, next: base + 2 * size, stack: base + 3 * size)
            let matched = run.search(text)
            return Outcome(matched: matched, steps: run.steps)
        }
    }
}

/// The state of one run, over scratch memory `RegexMatcher.run` owns.
private struct Run {
    /// The program run.
    let program: RegexProgram
    /// `marks[pc] == generation`: `pc` is already live at the position being filled.
    let marks: UnsafeMutablePointer<Int>
    /// The consuming instructions live at the current position, `count` of them.
    var current: UnsafeMutablePointer<Int>
    /// Those live at the next position, being filled.
    var next: UnsafeMutablePointer<Int>
    /// The closure's pending instructions.
    let stack: UnsafeMutablePointer<Int>
    /// Instructions made live so far.
    var steps = 0

    /// A run of `program` over the scratch memory given.
    init(
        program: RegexProgram, marks: UnsafeMutablePointer<Int>, current: UnsafeMutablePointer<Int>, next: UnsafeMutablePointer<Int>,
        stack: UnsafeMutablePointer<Int>
    ) {
        self.program = program
        self.marks = marks
        self.current = current
        self.next = next
        self.stack = stack
    }

    /// The search over `text`'s scalars, folded as they are read when the program ignores case.
    mutating func search(_ text: String) -> Bool {
        let ignoringCase = program.ignoringCase
        var scalars = text.unicodeScalars.makeIterator()
        func read() -> UInt32? {
            guard let scalar = scalars.next() else { return nil }
            return ignoringCase ? RegexFolding.fold(scalar.value) : scalar.value
        }
        var previous: UInt32?
        var upcoming = read()
        // Positions are numbered from 1 so the zeroed marks mean "live nowhere".
        var generation = 1
        var count = 0
        while true {
            // A match may start here: at every position, or only the first for `^...`.
            if generation == 1 || !program.anchoredStart {
                if count == 0, let first = program.firstScalars {
                    // Nothing is live and no match can start before one of these characters.
                    while let scalar = upcoming, !first.contains(scalar) {
                        previous = scalar
                        upcoming = read()
                        generation += 1
                    }
                    if upcoming == nil { return false }
                }
                if add(0, into: current, count: &count, generation: generation, previous: previous, upcoming: upcoming) { return true }
            }
            guard let scalar = upcoming, count > 0 || !program.anchoredStart else { return false }
            let after = read()
            var nextCount = 0
            for index in 0..<count {
                let pc = current[index]
                let accepts: Bool
                switch program.instructions[pc] {
                case .scalar(let value): accepts = value == scalar
                case .any: accepts = true
                case .set(let set): accepts = program.classes[set].contains(scalar)
                default: accepts = false
                }
                if accepts, add(pc + 1, into: next, count: &nextCount, generation: generation + 1, previous: scalar, upcoming: after) {
                    return true
                }
            }
            swap(&current, &next)
            count = nextCount
            previous = scalar
            upcoming = after
            generation += 1
        }
    }

    /// Makes `start` and every instruction reachable from it without reading live at the
    /// position between `previous` and `upcoming`, listing the consuming ones. True when the
    /// match instruction is reached: the search is over.
    private mutating func add(
        _ start: Int, into list: UnsafeMutablePointer<Int>, count: inout Int, generation: Int, previous: UInt32?, upcoming: UInt32?
    ) -> Bool {
        stack[0] = start
        var top = 1
        while top > 0 {
            top -= 1
            let pc = stack[top]
            if marks[pc] == generation { continue }
            marks[pc] = generation
            steps += 1
            switch program.instructions[pc] {
            case .jump(let target):
                stack[top] = target
                top += 1
            case .split(let first, let second):
                stack[top] = second
                stack[top + 1] = first
                top += 2
            case .assertion(let assertion):
                if assertion.holds(previous: previous, next: upcoming) {
                    stack[top] = pc + 1
                    top += 1
                }
            case .match: return true
            case .scalar, .any, .set:
                list[count] = pc
                count += 1
            }
        }
        return false
    }
}
