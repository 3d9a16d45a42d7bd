package diskspec

import (
	"strings"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// The disk-spec syntax has no grammar beyond libxlu's flex scanner
// (tools/libs/util/libxlu_disk_l.l): at each point the rule with the
// longest match wins, the earlier rule among equal lengths, and a rule's
// trailing context (the part after "/") counts towards its length but is
// not consumed. Each rule's action then does the parsing. scanRules is that
// scanner: one entry per flex rule, in libxlu's order, each with its
// action, and Parse feeds every match straight to its action.

// pattern is the shape of a flex rule's regular expression.
type pattern uint8

const (
	// patSpace is [ \t\n]+/([^ \t\n].*)?
	patSpace pattern = iota
	// patValue is LIT[^,]*,?
	patValue
	// patFlag is LIT,?
	patFlag
	// patRest is LIT.* (the rest of the line).
	patRest
	// patUnknownKey is [a-z][-a-z0-9]*=[^,],?
	patUnknownKey
	// patPrefix is (NAME|NAME...):/.*
	patPrefix
	// patUnknownPrefix is [a-z][a-z0-9]*:/([^a-z0-9].*)?
	patUnknownPrefix
	// patPositional is [^=,]*,|[^=,]+,?
	patPositional
	// patAny is "." followed, in the LEXERR state, by .*
	patAny
)

// token is one match: the rule that won and the text it consumed (flex's
// yytext), starting at byte off of the fragment.
type token struct {
	rule int
	text string
	off  int
}

// scanRule is one flex rule of libxlu_disk_l.l.
type scanRule struct {
	// flex is the rule's pattern as libxlu_disk_l.l writes it.
	flex string
	pat  pattern
	// lit is the literal of patValue, patFlag and patRest.
	lit string
	// names are patPrefix's alternatives.
	names []string
	// since, when set, is the release feature that brought the rule into
	// the scanner libxlu ships (see release.Table); without it the rule
	// does not exist.
	since release.Feature
	gated bool
	// act is the rule's action; it returns false where libxlu's action
	// returns 0 (the scan of the fragment ends).
	act func(pc *parseCtx, t token) bool
}

// scanRules is libxlu's scanner, rule by rule, in its order. The one entry
// that is not libxlu's is colo-params= (the 2015 COLO series' keyword,
// which xldisk also reads; libxlu reports it as an unknown parameter).
var scanRules = [...]scanRule{
	{flex: `[ \t\n]+/([^ \t\n].*)?`, pat: patSpace, act: actNone},
	{flex: `format=[^,]*,?`, pat: patValue, lit: "format=", act: actFormat},
	{flex: `cdrom,?`, pat: patFlag, lit: "cdrom", act: actCdrom},
	{flex: `devtype=cdrom,?`, pat: patFlag, lit: "devtype=cdrom", act: actCdrom},
	{flex: `devtype=disk,?`, pat: patFlag, lit: "devtype=disk", act: actDisk},
	{flex: `devtype=[^,]*,?`, pat: patValue, lit: "devtype=", act: actDevtypeOther},
	{flex: `access=[^,]*,?`, pat: patValue, lit: "access=", act: actAccess},
	{flex: `backend=[^,]*,?`, pat: patValue, lit: "backend=", act: actString(fBackend)},
	{flex: `backendtype=[^,]*,?`, pat: patValue, lit: "backendtype=", act: actBackendtype},
	{flex: `specification=[^,]*,?`, pat: patValue, lit: "specification=", act: actSpecification},
	{flex: `vdev=[^,]*,?`, pat: patValue, lit: "vdev=", act: actString(fVdev)},
	{flex: `script=[^,]*,?`, pat: patValue, lit: "script=", act: actString(fScript)},
	{flex: `direct-io-safe,?`, pat: patFlag, lit: "direct-io-safe", act: actDirectIoSafe},
	{flex: `discard,?`, pat: patFlag, lit: "discard", act: actDiscard(DefboolTrue)},
	{flex: `no-discard,?`, pat: patFlag, lit: "no-discard", act: actDiscard(DefboolFalse)},
	{flex: `colo,?`, pat: patFlag, lit: "colo", act: actColo(DefboolTrue)},
	{flex: `no-colo,?`, pat: patFlag, lit: "no-colo", act: actColo(DefboolFalse)},
	{flex: `colo-host=[^,]*,?`, pat: patValue, lit: "colo-host=", act: actString(fColoHost)},
	{flex: `colo-port=[^,]*,?`, pat: patValue, lit: "colo-port=", act: actColoPort},
	{flex: `colo-export=[^,]*,?`, pat: patValue, lit: "colo-export=", act: actString(fColoExport)},
	{flex: `active-disk=[^,]*,?`, pat: patValue, lit: "active-disk=", act: actString(fActiveDisk)},
	{flex: `hidden-disk=[^,]*,?`, pat: patValue, lit: "hidden-disk=", act: actString(fHiddenDisk)},
	{flex: `colo-params=[^,]*,?`, pat: patValue, lit: "colo-params=", act: actColoParams},
	{flex: `trusted,?`, pat: patFlag, lit: "trusted", since: release.TrustedFlags, gated: true, act: actTrusted(DefboolTrue)},
	{flex: `untrusted,?`, pat: patFlag, lit: "untrusted", since: release.TrustedFlags, gated: true, act: actTrusted(DefboolFalse)},
	{flex: `grant_usage=1,?`, pat: patFlag, lit: "grant_usage=1", since: release.GrantUsage, gated: true, act: actGrantUsage(DefboolTrue)},
	{flex: `grant_usage=0,?`, pat: patFlag, lit: "grant_usage=0", since: release.GrantUsage, gated: true, act: actGrantUsage(DefboolFalse)},
	{flex: `target=.*`, pat: patRest, lit: "target=", act: actTarget},
	{flex: `[a-z][-a-z0-9]*=[^,],?`, pat: patUnknownKey, act: actUnknownParam},
	{flex: `(raw|qcow2?|vhd):/.*`, pat: patPrefix, names: []string{"raw", "qcow", "qcow2", "vhd"}, act: actPrefixFormat},
	{flex: `(iscsi|e?nbd|drbd):/.*`, pat: patPrefix, names: []string{"iscsi", "nbd", "enbd", "drbd"}, act: actPrefixScript},
	{flex: `tapdisk:/.*`, pat: patPrefix, names: []string{"tapdisk"}, act: actPrefixDropped},
	{flex: `tap2?:/.*`, pat: patPrefix, names: []string{"tap", "tap2"}, act: actPrefixDropped},
	{flex: `aio:/.*`, pat: patPrefix, names: []string{"aio"}, act: actPrefixDropped},
	{flex: `ioemu:/.*`, pat: patPrefix, names: []string{"ioemu"}, act: actPrefixDropped},
	{flex: `file:/.*`, pat: patPrefix, names: []string{"file"}, act: actPrefixDropped},
	{flex: `phy:/.*`, pat: patPrefix, names: []string{"phy"}, act: actPrefixDropped},
	{flex: `[a-z][a-z0-9]*:/([^a-z0-9].*)?`, pat: patUnknownPrefix, act: actUnknownPrefix},
	{flex: `[^=,]*,|[^=,]+,?`, pat: patPositional, act: actPositional},
	{flex: `. <LEXERR>.*`, pat: patAny, act: actBad},
}

const (
	ruleSpace = 0
	ruleAny   = len(scanRules) - 1
)

// ruleMask is a set of scanRules indices.
type ruleMask uint64

// rulesByByte[c] are the rules whose match can start with byte c, in scanner
// order (patAny, which matches anything, is tried apart).
var rulesByByte [256][]uint8

func init() {
	if len(scanRules) > 64 {
		panic("diskspec: ruleMask too small")
	}
	for c := 0; c < 256; c++ {
		b := byte(c)
		for i, r := range scanRules {
			can := false
			switch r.pat {
			case patSpace:
				can = isWS(b)
			case patValue, patFlag, patRest:
				can = r.lit[0] == b
			case patUnknownKey, patUnknownPrefix:
				can = isLower(b)
			case patPrefix:
				for _, n := range r.names {
					can = can || n[0] == b
				}
			case patPositional:
				can = b != '='
			}
			if can {
				rulesByByte[c] = append(rulesByByte[c], uint8(i))
			}
		}
	}
}

// allRules has every rule; gatedRules are those that a release may lack.
// (Initialised by expressions, not in init, so that package variables
// such as defaultRules may use them.)
var (
	allRules   = ruleMask(1)<<len(scanRules) - 1
	gatedRules = func() []int {
		var g []int
		for i, r := range scanRules {
			if r.gated {
				g = append(g, i)
			}
		}
		return g
	}()
)

// rulesFor returns the rules of the scanner that the libxlu opts follows
// ships: every rule but the gated ones whose feature opts lacks
// (release.Table, through domain.Options.Has).
func rulesFor(opts *domain.Options) ruleMask {
	if opts.Dialect == domain.DialectCurrent {
		v := opts.Release()
		for i := range releaseRules {
			if releaseRules[i].v == v {
				return releaseRules[i].m
			}
		}
	}
	return computeRules(opts)
}

func computeRules(opts *domain.Options) ruleMask {
	m := allRules
	for _, i := range gatedRules {
		if !opts.Has(scanRules[i].since) {
			m &^= 1 << i
		}
	}
	return m
}

// releaseRules caches computeRules for each known release (current
// dialect).
var releaseRules = func() []struct {
	v release.Version
	m ruleMask
} {
	var out []struct {
		v release.Version
		m ruleMask
	}
	for _, v := range release.Known() {
		out = append(out, struct {
			v release.Version
			m ruleMask
		}{v, computeRules(&domain.Options{Xen: v})})
	}
	return out
}()

func isLower(c byte) bool    { return c >= 'a' && c <= 'z' }
func isLowerNum(c byte) bool { return isLower(c) || (c >= '0' && c <= '9') }
func isWS(c byte) bool       { return c == ' ' || c == '\t' || c == '\n' }

// scanner finds the matches of one fragment. It caches the next newline,
// comma and "= or ," positions so that every match costs constant time
// beyond its own length, keeping a whole scan linear in the input.
type scanner struct {
	s     string
	pos   int
	rules ruleMask
	// count is the number of parameters returned so far.
	count int
	// stopped: the scan has ended (an action returned 0, the LEXERR state
	// jammed, or MaxParams was reached); truncated: by MaxParams.
	stopped, truncated bool
	// Caches: the next '\n', ',' and '=' or ',' at or after a start index
	// (or len(s)). A cache answers for any i in [from, at].
	nl, comma, eqc cache
}

// cache remembers the first index at or after from that holds one of a set
// of bytes.
type cache struct{ from, at int }

func (c *cache) find(s string, i int, b byte) int {
	if i < c.from || i > c.at {
		c.from = i
		if j := strings.IndexByte(s[i:], b); j >= 0 {
			c.at = i + j
		} else {
			c.at = len(s)
		}
	}
	return c.at
}

func (c *cache) findEqComma(s string, i int) int {
	if i < c.from || i > c.at {
		c.from = i
		c.at = len(s)
		for j := i; j < len(s); j++ {
			if s[j] == '=' || s[j] == ',' {
				c.at = j
				break
			}
		}
	}
	return c.at
}

// reset prepares the scanner for a fragment.
func (sc *scanner) reset(s string, rules ruleMask) {
	*sc = scanner{s: s, rules: rules}
	sc.nl.at, sc.comma.at, sc.eqc.at = -1, -1, -1
}

func (sc *scanner) nextNL(i int) int      { return sc.nl.find(sc.s, i, '\n') }
func (sc *scanner) nextComma(i int) int   { return sc.comma.find(sc.s, i, ',') }
func (sc *scanner) nextEqComma(i int) int { return sc.eqc.findEqComma(sc.s, i) }

// optComma returns 1 if s[i] is a comma.
func (sc *scanner) optComma(i int) int {
	if i < len(sc.s) && sc.s[i] == ',' {
		return 1
	}
	return 0
}

// match returns the rule that wins at position i (longest match, the
// earlier rule among equals, trailing context counted) and the length it
// consumes.
func (sc *scanner) match(i int) (rule, consumed int) {
	s := sc.s
	best, bestLen, bestCons := -1, 0, 0
	// run is the end of [a-z][a-z0-9]* at i, computed once.
	run := -1
	for _, ri := range rulesByByte[s[i]] {
		if sc.rules&(1<<ri) == 0 {
			continue
		}
		r := &scanRules[ri]
		total, cons := 0, 0
		switch r.pat {
		case patSpace:
			j := i + 1
			for j < len(s) && isWS(s[j]) {
				j++
			}
			total, cons = j-i, j-i
			if j < len(s) {
				total = sc.nextNL(j) - i
			}
		case patValue:
			if !strings.HasPrefix(s[i:], r.lit) {
				continue
			}
			j := sc.nextComma(i + len(r.lit))
			j += sc.optComma(j)
			total, cons = j-i, j-i
		case patFlag:
			if !strings.HasPrefix(s[i:], r.lit) {
				continue
			}
			j := i + len(r.lit)
			j += sc.optComma(j)
			total, cons = j-i, j-i
		case patRest:
			if !strings.HasPrefix(s[i:], r.lit) {
				continue
			}
			j := sc.nextNL(i + len(r.lit))
			total, cons = j-i, j-i
		case patUnknownKey:
			j := i + 1
			for j < len(s) && (isLowerNum(s[j]) || s[j] == '-') {
				j++
			}
			if j+1 >= len(s) || s[j] != '=' || s[j+1] == ',' {
				continue
			}
			k := j + 2
			k += sc.optComma(k)
			total, cons = k-i, k-i
		case patPrefix, patUnknownPrefix:
			if run < 0 {
				run = i + 1
				for run < len(s) && isLowerNum(s[run]) {
					run++
				}
			}
			j := run
			if j >= len(s) || s[j] != ':' {
				continue
			}
			cons = j + 1 - i
			if r.pat == patPrefix {
				name := s[i:j]
				found := false
				for _, n := range r.names {
					if n == name {
						found = true
						break
					}
				}
				if !found {
					continue
				}
				total = sc.nextNL(j+1) - i
				break
			}
			total = cons
			if j+1 < len(s) && !isLowerNum(s[j+1]) {
				if s[j+1] == '\n' {
					// [^a-z0-9] matches a newline; .* stops at the next.
					total = sc.nextNL(j+2) - i
				} else {
					total = sc.nextNL(j+1) - i
				}
			}
		case patPositional:
			j := sc.nextEqComma(i)
			if j == i && (j >= len(s) || s[j] != ',') {
				continue
			}
			j += sc.optComma(j)
			total, cons = j-i, j-i
		}
		if total > bestLen {
			best, bestLen, bestCons = int(ri), total, cons
		}
	}
	if best < 0 {
		// "." then <LEXERR>.* : the rest of the line. ('\n' is
		// whitespace, so s[i] is not a newline.)
		return ruleAny, sc.nextNL(i+1) - i
	}
	return best, bestCons
}

// next returns the next parameter (whitespace before parameters is
// skipped), or false at the end of the scan.
func (sc *scanner) next() (token, bool) {
	for {
		if sc.stopped || sc.pos >= len(sc.s) {
			return token{}, false
		}
		i := sc.pos
		if sc.count >= MaxParams && !isWS(sc.s[i]) {
			sc.stopped, sc.truncated = true, true
			return token{}, false
		}
		r, n := sc.match(i)
		sc.pos += n
		if r == ruleSpace {
			continue
		}
		if r == ruleAny {
			// flex's "." rule switched to the LEXERR state, whose only
			// rule .* cannot match the empty string. At the end of the
			// input libxlu then just stops, with no error: so do we.
			// Before a newline libxlu's scanner jams and xl exits ("flex
			// scanner jammed"); we report bad disk syntax instead.
			sc.stopped = true
			if n == 1 && sc.pos >= len(sc.s) {
				return token{}, false
			}
		}
		sc.count++
		return token{rule: r, text: sc.s[i : i+n], off: i}, true
	}
}
