/// One step of a compiled pattern. Consuming instructions (`scalar`, `any`, `set`) read one
/// character; the others move between instructions without reading.
enum RegexInstruction: Sendable, Equatable {
    /// The character (already folded when the program ignores case).
    case scalar(UInt32)
    /// Any character.
    case any
    /// A character of `RegexProgram.classes[index]`.
    case set(Int)
    /// Continue at both instructions.
    case split(Int, Int)
    /// Continue at the instruction.
    case jump(Int)
    /// Continue at the next instruction if the condition holds here.
    case assertion(RegexAssertion)
    /// The pattern has matched.
    case match
}

/// A pattern compiled to a Thompson NFA: a list of instructions that `RegexMatcher` runs all at
/// once, one set of live instructions per input position. Repetitions are expanded (`a{3}` is
/// three copies of `a`), so the program's size, which bounds the work per character, is capped.
struct RegexProgram: Sendable {
    /// Most instructions in a program: the matcher does at most this much work per character.
    static let maxInstructions = 10_000
    /// Most distinct scalars `firstScalars` lists (more and the skip would cost more than it saves).
    static let maxFirstScalars = 4

    /// The instructions; execution starts at 0.
    private(set) var instructions: [RegexInstruction] = []
    /// The character classes `set` instructions refer to, each stored once.
    private(set) var classes: [RegexCharacterClass] = []
    /// Whether the program must start at the text's start (it begins with `^`), so the matcher
    /// can stop as soon as no thread is alive.
    private(set) var anchoredStart = false
    /// The characters a match must start with, when every way into the program begins with one
    /// of a few literal characters: the matcher skips input without them while no thread is alive.
    private(set) var firstScalars: [UInt32]?

    /// Whether literal characters and classes were folded (`RegexFolding`) for folded input.
    let ignoringCase: Bool
    /// Where each class is in `classes`.
    private var classIndex: [RegexCharacterClass: Int] = [:]
    /// Positions of the repetitions being expanded, outermost first, for the size error.
    private var repetitions: [Int] = []

    /// `node` compiled; refused when expanding its repetitions passes `maxInstructions`.
    init(_ node: RegexNode, ignoringCase: Bool) throws(RegexError) {
        self.ignoringCase = ignoringCase
        try emit(node)
        try append(.match)
        classIndex = [:]
        anchoredStart = instructions.first == .assertion(.textStart)
        firstScalars = startingScalars()
    }

    /// Appends the instructions of `node`.
    private mutating func emit(_ node: RegexNode) throws(RegexError) {
        switch node {
        case .empty: break
        case .scalar(let value): try append(.scalar(ignoringCase ? RegexFolding.fold(value) : value))
        case .any: try append(.any)
        case .set(let members, let negated):
            // Close over case before negating: `[^a]` must refuse `A` as well as `a`.
            var set = ignoringCase ? members.caseClosed() : members
            if negated { set = set.inverted() }
            try append(.set(classIndex(set)))
        case .assertion(let assertion): try append(.assertion(assertion))
        case .concatenation(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            // split(b0, next) b0 jump(end) next: split(b1, next') b1 jump(end) ... bLast end:
            var jumps: [Int] = []
            for branch in branches.dropLast() {
                let split = try append(.split(0, 0))
                try emit(branch)
                jumps.append(try append(.jump(0)))
                instructions[split] = .split(split + 1, instructions.count)
            }
            try emit(branches[branches.count - 1])
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repetition(let item, let min, let max, let position):
            repetitions.append(position)
            try emitRepetition(item, min: min, max: max)
            repetitions.removeLast()
        }
    }

    /// `item` `min` to `max` times: `min` copies, then `max - min` optional copies that each may
    /// skip to the end (`a{1,3}`: a split(a split(a end) end) end), or a loop when unbounded.
    private mutating func emitRepetition(_ item: RegexNode, min: Int, max: Int?) throws(RegexError) {
        guard let max else {
            if min > 0 {
                // `a{n,}`: n - 1 copies, then `a+` (loop: a split(loop, end)).
                for _ in 1..<min { try emit(item) }
                let loop = instructions.count
                try emit(item)
                try append(.split(loop, instructions.count + 1))
            } else {
                // `a*`: loop: split(body, end) body jump(loop) end:
                let loop = try append(.split(0, 0))
                try emit(item)
                try append(.jump(loop))
                instructions[loop] = .split(loop + 1, instructions.count)
            }
            return
        }
        for _ in 0..<min { try emit(item) }
        var splits: [Int] = []
        for _ in min..<max {
            splits.append(try append(.split(0, 0)))
            try emit(item)
        }
        for split in splits { instructions[split] = .split(split + 1, instructions.count) }
    }

    /// Appends `instruction` and returns its index; refuses a program past `maxInstructions`,
    /// naming the outermost repetition being expanded (only repetitions can make one that large:
    /// a 1,000-character pattern has at most about 3,000 instructions without them).
    @discardableResult
    private mutating func append(_ instruction: RegexInstruction) throws(RegexError) -> Int {
        guard instructions.count < Self.maxInstructions else {
            throw RegexError(
                position: repetitions.first ?? 0,
                message: "the pattern is too large: its repetitions expand to more than \(Self.maxInstructions) steps "
                    + "(nested counts multiply: `(a{100}){100}` is 10,000 `a`s)")
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    /// The index of `set` in `classes`, added if new: a class repeated by `{n}` is stored once.
    private mutating func classIndex(_ set: RegexCharacterClass) -> Int {
        if let index = classIndex[set] { return index }
        classes.append(set)
        classIndex[set] = classes.count - 1
        return classes.count - 1
    }

    /// The literal characters every match starts with, or nil when a way in from instruction 0
    /// reaches anything but a literal (a class, `.`, an assertion, the match) or there are more
    /// than `maxFirstScalars` of them.
    private func startingScalars() -> [UInt32]? {
        var seen = Set<Int>()
        var pending = [0]
        var scalars: [UInt32] = []
        while let pc = pending.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch instructions[pc] {
            case .jump(let target): pending.append(target)
            case .split(let first, let second): pending += [first, second]
            case .scalar(let value):
                if !scalars.contains(value) { scalars.append(value) }
                guard scalars.count <= Self.maxFirstScalars else { return nil }
            case .any, .set, .assertion, .match: return nil
            }
        }
        return scalars
    }
}
