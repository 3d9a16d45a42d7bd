package diskspec

import (
	"io"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// The disk-spec syntax is defined by a flex scanner (libxlu_disk_l.l): at
// each point the rule with the longest match wins, the earlier rule among
// equal lengths, and a rule's trailing context (the part after "/") counts
// towards its length but is not consumed. Each rule's action then does the
// parsing. This file reproduces the scanner as a participle
// lexer.Definition: every token is one whole parameter, typed by the rule
// that matched it, and the grammar (grammar.go) and the actions (parse.go)
// work on those tokens.

// rule identifies a scanner rule; the rules are in the scanner's order (the
// order breaks ties between matches of equal length).
type rule uint8

const (
	ruleNone rule = iota
	// ruleWS is whitespace before a parameter: [ \t\n]+/([^ \t\n].*)?
	ruleWS
	ruleFormat
	ruleCdrom
	ruleDevtypeCdrom
	ruleDevtypeDisk
	ruleDevtypeOther
	ruleAccess
	ruleBackend
	ruleBackendtype
	ruleSpecification
	ruleVdev
	ruleScript
	ruleDirectIoSafe
	ruleDiscard
	ruleNoDiscard
	ruleColo
	ruleNoColo
	ruleColoHost
	ruleColoPort
	ruleColoExport
	ruleActiveDisk
	ruleHiddenDisk
	// ruleColoParams is the 2015 COLO series' colo-params=host:port:exportname=NAME.
	ruleColoParams
	ruleTrusted
	ruleUntrusted
	ruleGrantUsage1
	ruleGrantUsage0
	// ruleTarget is target=.* (the rest of the line).
	ruleTarget
	// ruleUnknownParam is [a-z][-a-z0-9]*=[^,],?
	ruleUnknownParam
	rulePrefixFormat
	rulePrefixScript
	rulePrefixTapdisk
	rulePrefixTap
	rulePrefixAio
	rulePrefixIoemu
	rulePrefixFile
	rulePrefixPhy
	// rulePrefixUnknown is [a-z][a-z0-9]*:/([^a-z0-9].*)?
	rulePrefixUnknown
	// rulePositional is [^=,]*,|[^=,]+,?
	rulePositional
	// ruleBad is "." followed by <LEXERR>.*: bad disk syntax, lexing stops.
	ruleBad
	numRules
)

// Token types. A token is one whole parameter. Which parameter it is
// (keyword, flag, target=, deprecated prefix, positional value, or text the
// syntax rejects) is decided by the scanner's longest match, exactly as in
// libxlu, and recorded beside the token (scanner.rules); to the grammar
// every parameter is a Param. Keeping the grammar this small keeps a parse
// within a few dozen allocations: each alternative participle tries costs
// one.
const (
	tokEOF   lexer.TokenType = lexer.EOF
	tokParam lexer.TokenType = 1
)

var tokenNames = map[string]lexer.TokenType{"EOF": tokEOF, "Param": tokParam}

// keyRule is a rule of the form  key=[^,]*,?  or  flag,?  or  literal,?.
type keyRule struct {
	typ rule
	lit string
	// value: the literal is followed by [^,]*
	value bool
}

// literalRules are the keyword and flag rules, in scanner order. Rules that
// share a first byte are grouped by the index below.
var literalRules = []keyRule{
	{ruleFormat, "format=", true},
	{ruleCdrom, "cdrom", false},
	{ruleDevtypeCdrom, "devtype=cdrom", false},
	{ruleDevtypeDisk, "devtype=disk", false},
	{ruleDevtypeOther, "devtype=", true},
	{ruleAccess, "access=", true},
	{ruleBackend, "backend=", true},
	{ruleBackendtype, "backendtype=", true},
	{ruleSpecification, "specification=", true},
	{ruleVdev, "vdev=", true},
	{ruleScript, "script=", true},
	{ruleDirectIoSafe, "direct-io-safe", false},
	{ruleDiscard, "discard", false},
	{ruleNoDiscard, "no-discard", false},
	{ruleColo, "colo", false},
	{ruleNoColo, "no-colo", false},
	{ruleColoHost, "colo-host=", true},
	{ruleColoPort, "colo-port=", true},
	{ruleColoExport, "colo-export=", true},
	{ruleActiveDisk, "active-disk=", true},
	{ruleHiddenDisk, "hidden-disk=", true},
	{ruleColoParams, "colo-params=", true},
	{ruleTrusted, "trusted", false},
	{ruleUntrusted, "untrusted", false},
	{ruleGrantUsage1, "grant_usage=1", false},
	{ruleGrantUsage0, "grant_usage=0", false},
}

// prefixRules are the deprecated prefixes (name:/.*), in scanner order.
var prefixRules = []struct {
	typ  rule
	name string
}{
	{rulePrefixFormat, "raw"}, {rulePrefixFormat, "qcow"}, {rulePrefixFormat, "qcow2"}, {rulePrefixFormat, "vhd"},
	{rulePrefixScript, "iscsi"}, {rulePrefixScript, "nbd"}, {rulePrefixScript, "enbd"}, {rulePrefixScript, "drbd"},
	{rulePrefixTapdisk, "tapdisk"}, {rulePrefixTap, "tap"}, {rulePrefixTap, "tap2"},
	{rulePrefixAio, "aio"}, {rulePrefixIoemu, "ioemu"}, {rulePrefixFile, "file"}, {rulePrefixPhy, "phy"},
}

var rulesByFirstByte [256][]keyRule

func init() {
	for _, r := range literalRules {
		rulesByFirstByte[r.lit[0]] = append(rulesByFirstByte[r.lit[0]], r)
	}
}

func isLower(c byte) bool    { return c >= 'a' && c <= 'z' }
func isLowerNum(c byte) bool { return isLower(c) || (c >= '0' && c <= '9') }
func isWS(c byte) bool       { return c == ' ' || c == '\t' || c == '\n' }

// scanner finds the tokens of one fragment. It caches the next newline,
// comma and "= or ," positions so that every match is computed in constant
// time beyond its own length, keeping a whole scan linear in the input.
type scanner struct {
	s       string
	pos     int
	stopped bool
	// truncated is set when the scan stopped after MaxParams tokens.
	truncated bool
	// rules holds the exact rule of each token returned so far.
	rules   []rule
	ruleBuf [16]rule
	frag    int
	// Caches: the next '\n', ',' and '=' or ',' at or after a start index
	// (or len(s)). A cache answers for any i in [from, at].
	nl, comma, eqc cache
}

// cache remembers the first index at or after from that holds one of a set
// of bytes.
type cache struct{ from, at int }

func (c *cache) find(s string, i int, chars string) int {
	if i < c.from || i > c.at {
		c.from = i
		if j := strings.IndexAny(s[i:], chars); j >= 0 {
			c.at = i + j
		} else {
			c.at = len(s)
		}
	}
	return c.at
}

func newScanner(s string, frag int) *scanner {
	sc := &scanner{}
	sc.reset(s, frag)
	return sc
}

// reset prepares the scanner for fragment number frag.
func (sc *scanner) reset(s string, frag int) {
	*sc = scanner{s: s, frag: frag, rules: sc.rules[:0]}
	if sc.rules == nil {
		sc.rules = sc.ruleBuf[:0]
	}
	sc.nl.at, sc.comma.at, sc.eqc.at = -1, -1, -1
}

func (sc *scanner) nextNL(i int) int      { return sc.nl.find(sc.s, i, "\n") }
func (sc *scanner) nextComma(i int) int   { return sc.comma.find(sc.s, i, ",") }
func (sc *scanner) nextEqComma(i int) int { return sc.eqc.find(sc.s, i, "=,") }

// optComma returns 1 if s[i] is a comma.
func (sc *scanner) optComma(i int) int {
	if i < len(sc.s) && sc.s[i] == ',' {
		return 1
	}
	return 0
}

// match returns the winning rule at position i, the length of its match
// including trailing context (for tie-breaking) and the length it consumes.
func (sc *scanner) match(i int) (typ rule, consumed int) {
	s := sc.s
	best, bestLen, bestCons := ruleNone, 0, 0
	consider := func(t rule, total, cons int) {
		if total > bestLen {
			best, bestLen, bestCons = t, total, cons
		}
	}
	c := s[i]

	// [ \t\n]+/([^ \t\n].*)?
	if isWS(c) {
		j := i + 1
		for j < len(s) && isWS(s[j]) {
			j++
		}
		total := j - i
		if j < len(s) {
			total = sc.nextNL(j) - i
		}
		consider(ruleWS, total, j-i)
	}

	// Keywords and flags.
	for _, r := range rulesByFirstByte[c] {
		if !strings.HasPrefix(s[i:], r.lit) {
			continue
		}
		j := i + len(r.lit)
		if r.value {
			j = sc.nextComma(j)
		}
		j += sc.optComma(j)
		consider(r.typ, j-i, j-i)
	}

	if isLower(c) {
		// target=.*
		if c == 't' && strings.HasPrefix(s[i:], "target=") {
			j := sc.nextNL(i + 7)
			consider(ruleTarget, j-i, j-i)
		}
		// [a-z][-a-z0-9]*=[^,],?
		j := i + 1
		for j < len(s) && (isLowerNum(s[j]) || s[j] == '-') {
			j++
		}
		if j+1 < len(s) && s[j] == '=' && s[j+1] != ',' {
			k := j + 2
			k += sc.optComma(k)
			consider(ruleUnknownParam, k-i, k-i)
		}
		// Deprecated prefixes: name:/.*  and the unknown [a-z][a-z0-9]*:/([^a-z0-9].*)?
		j = i + 1
		for j < len(s) && isLowerNum(s[j]) {
			j++
		}
		if j < len(s) && s[j] == ':' {
			name := s[i:j]
			rest := sc.nextNL(j+1) - i
			for _, p := range prefixRules {
				if p.name == name {
					consider(p.typ, rest, j+1-i)
					break
				}
			}
			total := j + 1 - i
			if j+1 < len(s) && !isLowerNum(s[j+1]) {
				if s[j+1] == '\n' {
					total = sc.nextNL(j+2) - i
				} else {
					total = sc.nextNL(j+1) - i
				}
			}
			consider(rulePrefixUnknown, total, j+1-i)
		}
	}

	// [^=,]*,|[^=,]+,?
	if j := sc.nextEqComma(i); j > i || (j < len(s) && s[j] == ',') {
		j += sc.optComma(j)
		consider(rulePositional, j-i, j-i)
	}

	if bestLen == 0 {
		// "." then <LEXERR>.* : the rest of the line.
		// ('\n' is whitespace, so s[i] is not a newline.)
		return ruleBad, sc.nextNL(i+1) - i
	}
	return best, bestCons
}

// next returns the next token, or EOF.
func (sc *scanner) next() lexer.Token {
	if !sc.stopped && len(sc.rules) >= MaxParams && strings.TrimLeft(sc.s[sc.pos:], " \t\n") != "" {
		sc.stopped, sc.truncated = true, true
	}
	if sc.stopped || sc.pos >= len(sc.s) {
		return lexer.Token{Type: tokEOF, Pos: lexer.Position{Offset: len(sc.s), Line: sc.frag}}
	}
	i := sc.pos
	typ, n := sc.match(i)
	sc.pos += n
	for typ == ruleWS {
		// Whitespace before a parameter is skipped, not passed on: the
		// grammar never sees it.
		if sc.pos >= len(sc.s) {
			return lexer.Token{Type: tokEOF, Pos: lexer.Position{Offset: len(sc.s), Line: sc.frag}}
		}
		i = sc.pos
		typ, n = sc.match(i)
		sc.pos += n
	}
	if typ == ruleBad && n == 1 {
		// flex's "." rule switched to the LEXERR state, whose only rule is
		// .* — which cannot match the empty string. At the end of the input
		// libxlu then just stops, with no error: we do the same. Before a
		// newline, libxlu's scanner jams and xl exits ("flex scanner
		// jammed"); we report bad disk syntax instead.
		sc.stopped = true
		if sc.pos >= len(sc.s) {
			return lexer.Token{Type: tokEOF, Pos: lexer.Position{Offset: len(sc.s), Line: sc.frag}}
		}
	}
	if typ == ruleBad || typ == rulePrefixUnknown {
		// These rules end the scan (their actions return 0).
		sc.stopped = true
	}
	sc.rules = append(sc.rules, typ)
	// Pos.Line carries the fragment index, Pos.Offset the byte offset.
	return lexer.Token{Type: tokParam, Value: sc.s[i : i+n], Pos: lexer.Position{Offset: i, Line: sc.frag}}
}

// Next implements lexer.Lexer.
func (sc *scanner) Next() (lexer.Token, error) { return sc.next(), nil }

// specLexer is the participle lexer.Definition of the disk-spec scanner.
type specLexer struct{}

// Symbols implements lexer.Definition.
func (specLexer) Symbols() map[string]lexer.TokenType { return tokenNames }

// Lex implements lexer.Definition.
func (specLexer) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return newScanner(string(b), 0), nil
}

// LexString implements lexer.StringDefinition.
func (specLexer) LexString(filename string, s string) (lexer.Lexer, error) {
	return newScanner(s, 0), nil
}
