package diskspec

import (
	"fmt"
	"strings"
	"sync"

	"github.com/alecthomas/participle/v2/lexer"
)

// MaxSpecLen is the longest fragment Parse accepts, in bytes (1 MiB, the
// size limit of a whole xl.cfg in package xlcfg). A longer one is rejected
// with an XLD015 error before it is scanned. Parsing time and memory are
// linear in the length.
const MaxSpecLen = 1 << 20

// MaxParams is the largest number of parameters one fragment may hold
// (real specs have a dozen). libxlu has no such limit, but a fragment of a
// million commas costs hundreds of bytes per byte to hold as tokens; past
// MaxParams the parse stops with an XLD015 error, unless an earlier error
// had already ended it as libxlu would.
const MaxParams = 4096

// MaxFragments is the largest number of fragments ParseArgs accepts.
const MaxFragments = 4096

// Parse parses one disk specification, as it appears in an xl config's
// disk = [ ... ] list.
func Parse(spec string) (*Disk, error) {
	return ParseArgs(spec)
}

// ParseArgs parses a disk given as several fragments that accumulate into
// one disk, as the arguments of xl block-attach do.
func ParseArgs(frags ...string) (*Disk, error) {
	b := &diskBlock{}
	pc := newParseCtx(b)
	defer pc.release()
	if err := pc.parse(frags); err != nil {
		return nil, err
	}
	return &b.disk, nil
}

// ParseDetailed is ParseArgs that also returns where each value came from.
// On failure the error is an ErrorList and the returned Parsed holds the
// disk as far as it was parsed (never nil).
func ParseDetailed(frags ...string) (*Parsed, error) {
	r := &result{}
	r.parsed.Disk = &r.block.disk
	r.parsed.Frags = frags
	pc := newParseCtx(&r.block)
	defer pc.release()
	err := pc.parse(frags)
	r.parsed.ColoParams = pc.coloParams
	r.parsed.spans, r.parsed.set = pc.spans, pc.set
	return &r.parsed, err
}

// diskBlock is a disk and the backing store of its strings, allocated at
// once (a typical disk sets two or three strings; more are allocated one by
// one).
type diskBlock struct {
	disk Disk
	strs [4]string
}

// result is what ParseDetailed returns, allocated at once.
type result struct {
	parsed Parsed
	block  diskBlock
}

// pcPool recycles parse states: a parse keeps nothing of its state but the
// disk and the errors it returns.
var pcPool = sync.Pool{New: func() any { return new(parseCtx) }}

func newParseCtx(b *diskBlock) *parseCtx {
	b.disk.Readwrite = 1
	pc := pcPool.Get().(*parseCtx)
	*pc = parseCtx{disk: &b.disk, strs: b.strs[:0], spec: "(null)"}
	return pc
}

func (pc *parseCtx) release() {
	*pc = parseCtx{}
	pcPool.Put(pc)
}

// parse runs libxlu's xlu_disk_parse: the fragments in order, then the
// defaults and mandatory-field checks. It returns pc.errs, or nil.
func (pc *parseCtx) parse(frags []string) error {
	if len(frags) > MaxFragments {
		pc.failAt(MaxFragments, 0, 0, "XLD015", fmt.Sprintf("too many fragments (at most %d)", MaxFragments), "", false, "")
		return pc.errs
	}
	for i, f := range frags {
		pc.frag, pc.spec = i, f
		if len(f) > MaxSpecLen {
			pc.failAt(i, MaxSpecLen, len(f)-MaxSpecLen, "XLD015", fmt.Sprintf("disk specification too long (at most %d bytes)", MaxSpecLen), "", false, "")
			return pc.errs
		}
		if j := strings.IndexByte(f, 0); j >= 0 {
			pc.failAt(i, j, 1, "XLD015", "NUL byte in disk specification", "", false, "")
			return pc.errs
		}
		sc := &pc.sc
		sc.reset(f, i)
		ast, err := specParser.ParseFromLexer(mustUpgrade(sc))
		if err != nil {
			// Cannot happen: every token type is a parameter. Report it
			// rather than panic.
			pc.failAt(i, 0, len(f), "XLD001", "bad disk syntax", err.Error(), true, "")
			return pc.errs
		}
		// Every token is one parameter, so the k-th parameter was matched by
		// the scanner's k-th rule.
		stopped := false
		for k := range ast.Params {
			if !pc.apply(sc.rules[k], ast.Params[k]) {
				stopped = true
				break
			}
		}
		if sc.truncated && !stopped {
			pc.failAt(i, sc.pos, len(f)-sc.pos, "XLD015", fmt.Sprintf("too many parameters in disk specification (at most %d)", MaxParams), "", false, "")
			return pc.errs
		}
		if len(pc.errs) > 0 {
			return pc.errs
		}
	}
	pc.finish()
	if len(pc.errs) > 0 {
		return pc.errs
	}
	return nil
}

func mustUpgrade(sc *scanner) *lexer.PeekingLexer {
	pl, err := lexer.Upgrade(sc)
	if err != nil { // our scanner never fails
		panic(err)
	}
	return pl
}

// parseCtx is libxlu's DiskParseContext: the disk being built and the
// scanner state that survives from one fragment to the next.
type parseCtx struct {
	disk *Disk
	sc   scanner
	// spans[i] is the span of allFields[i], valid when bit i of set is on.
	spans         [numFields]span
	set           uint32
	strs          []string // backing store of the disk's strings
	errs          ErrorList
	frag          int
	spec          string
	hadDeprPrefix bool
	accessSet     bool
	coloParams    bool
}

func (pc *parseCtx) failAt(frag, off, n int, rule, msg, near string, hasNear bool, expected string) {
	pc.errs = append(pc.errs, &Error{Frag: frag, Offset: off, Len: n, Rule: rule, Msg: msg,
		Near: near, HasNear: hasNear, Expected: expected, Spec: pc.spec})
}

// fail records an error near text, which starts at byte off of the current
// fragment.
func (pc *parseCtx) fail(off int, text, rule, msg, expected string) {
	pc.failAt(pc.frag, off, len(text), rule, msg, text, true, expected)
}

func (pc *parseCtx) span(f fieldID, off, n int) {
	pc.spans[f] = span{int32(pc.frag), int32(off), int32(n)}
	pc.set |= 1 << f
}

// newString returns a pointer to a copy of v, from the result's string
// store while it lasts.
func (pc *parseCtx) newString(v string) *string {
	if len(pc.strs) < cap(pc.strs) {
		pc.strs = append(pc.strs, v)
		return &pc.strs[len(pc.strs)-1]
	}
	return &v
}

func stripComma(s string) string {
	if len(s) > 0 && s[len(s)-1] == ',' {
		return s[:len(s)-1]
	}
	return s
}

// valueOf returns the value of a key=value token (after the first '=',
// without one trailing comma) and its byte offset.
func valueOf(tok lexer.Token) (string, int) {
	v := stripComma(tok.Value)
	eq := strings.IndexByte(v, '=') + 1
	return v[eq:], tok.Pos.Offset + eq
}

const (
	expectFormat        = "raw, qcow, qcow2, vhd, qed or empty"
	expectAccess        = "r, ro, w or rw"
	expectBackendtype   = "phy, tap, qdisk or standalone"
	expectSpecification = "xen or virtio"
)

// apply performs the action of the rule that matched tok. It returns false
// when the scanner would stop (the action returns 0 in libxlu).
func (pc *parseCtx) apply(r rule, tok lexer.Token) bool {
	d := pc.disk
	off := tok.Pos.Offset
	switch r {
	case ruleFormat:
		v, o := valueOf(tok)
		pc.setFormat(v, o)
	case ruleCdrom, ruleDevtypeCdrom:
		d.IsCdrom = 1
		pc.span(fDevtype, off, len(stripComma(tok.Value)))
	case ruleDevtypeDisk:
		d.IsCdrom = 0
		pc.span(fDevtype, off, len(stripComma(tok.Value)))
	case ruleDevtypeOther:
		pc.fail(off, tok.Value, "XLD008", "unknown value for type", "devtype=cdrom or devtype=disk")
	case ruleAccess:
		v, o := valueOf(tok)
		pc.setAccess(v, o)
	case ruleBackend:
		v, o := valueOf(tok)
		pc.saveString(fBackend, &d.BackendDomname, v, o)
	case ruleBackendtype:
		v, o := valueOf(tok)
		b := BackendUnknown
		switch v {
		case "phy":
			b = BackendPhy
		case "tap":
			b = BackendTap
		case "qdisk":
			b = BackendQdisk
		case "standalone":
			b = BackendStandalone
		default:
			pc.fail(o, v, "XLD006", "unknown value for backendtype", expectBackendtype)
			return true
		}
		if dset(pc, &d.Backend, b, "backend", v, o) {
			pc.span(fBackendtype, o, len(v))
		}
	case ruleSpecification:
		v, o := valueOf(tok)
		s := SpecificationUnknown
		switch v {
		case "xen":
			s = SpecificationXen
		case "virtio":
			s = SpecificationVirtio
		default:
			pc.fail(o, v, "XLD007", "unknown value for specification", expectSpecification)
			return true
		}
		if dset(pc, &d.Specification, s, "specification", v, o) {
			pc.span(fSpecification, o, len(v))
		}
	case ruleVdev:
		v, o := valueOf(tok)
		pc.saveString(fVdev, &d.Vdev, v, o)
	case ruleScript:
		v, o := valueOf(tok)
		pc.saveString(fScript, &d.Script, v, o)
	case ruleDirectIoSafe:
		d.DirectIoSafe = true
		pc.span(fDirectIoSafe, off, len(stripComma(tok.Value)))
	case ruleDiscard, ruleNoDiscard:
		d.DiscardEnable = DefboolOf(r == ruleDiscard)
		pc.span(fDiscard, off, len(stripComma(tok.Value)))
	case ruleColo, ruleNoColo:
		d.ColoEnable = DefboolOf(r == ruleColo)
		pc.span(fColo, off, len(stripComma(tok.Value)))
	case ruleColoHost:
		v, o := valueOf(tok)
		pc.saveString(fColoHost, &d.ColoHost, v, o)
	case ruleColoPort:
		v, o := valueOf(tok)
		pc.setColoPort(v, o)
	case ruleColoExport:
		v, o := valueOf(tok)
		pc.saveString(fColoExport, &d.ColoExport, v, o)
	case ruleActiveDisk:
		v, o := valueOf(tok)
		pc.saveString(fActiveDisk, &d.ActiveDisk, v, o)
	case ruleHiddenDisk:
		v, o := valueOf(tok)
		pc.saveString(fHiddenDisk, &d.HiddenDisk, v, o)
	case ruleColoParams:
		v, o := valueOf(tok)
		pc.setColoParams(v, o)
	case ruleTrusted, ruleUntrusted:
		d.Trusted = DefboolOf(r == ruleTrusted)
		pc.span(fTrusted, off, len(stripComma(tok.Value)))
	case ruleGrantUsage1, ruleGrantUsage0:
		d.GrantUsage = DefboolOf(r == ruleGrantUsage1)
		pc.span(fGrantUsage, off, len(stripComma(tok.Value)))
	case ruleTarget:
		// target= eats the rest of the line; one final comma is dropped.
		v := stripComma(tok.Value)[len("target="):]
		pc.saveString(fTarget, &d.PdevPath, v, off+len("target="))
	case ruleUnknownParam:
		pc.fail(off, tok.Value, "XLD002", "unknown parameter", suggestKeyword(tok.Value[:strings.IndexByte(tok.Value, '=')]))
	case rulePrefixFormat:
		pc.hadDeprPrefix = true
		name := tok.Value[:len(tok.Value)-1]
		pc.setFormat(name, off)
	case rulePrefixScript:
		pc.hadDeprPrefix = true
		name := tok.Value[:len(tok.Value)-1]
		pc.saveStringAs(fScript, &d.Script, "block-"+name, off, len(name))
	case rulePrefixTapdisk, rulePrefixTap, rulePrefixAio, rulePrefixIoemu, rulePrefixFile, rulePrefixPhy:
		pc.hadDeprPrefix = true
	case rulePrefixUnknown:
		pc.fail(off, tok.Value, "XLD003", "unknown deprecated disk prefix",
			"raw: qcow: qcow2: vhd: iscsi: nbd: enbd: drbd: tapdisk: tap: tap2: aio: ioemu: file: phy:, or target=")
		return false
	case rulePositional:
		return pc.positional(stripComma(tok.Value), off)
	case ruleBad:
		pc.fail(off, tok.Value, "XLD001", "bad disk syntax", "a parameter: key=value, a flag or a positional value")
		return false
	}
	return true
}

// positional assigns a positional value to the first free slot: target,
// format (unless a deprecated prefix was seen), vdev, access.
func (pc *parseCtx) positional(v string, off int) bool {
	d := pc.disk
	switch {
	case len(pc.errs) > 0:
		// previous errors may just lead to subsequent ones
	case d.PdevPath == nil:
		pc.saveString(fTarget, &d.PdevPath, v, off)
	case !pc.hadDeprPrefix && d.Format == FormatUnknown:
		if *d.PdevPath == "" && pc.vdevAndDevtype(v, off) {
			// An empty target, then vdev:devtype: an empty cdrom.
			d.Format = FormatEmpty
		} else {
			pc.setFormat(v, off)
		}
	case d.Vdev == nil:
		if !pc.vdevAndDevtype(v, off) {
			pc.saveString(fVdev, &d.Vdev, v, off)
		}
	case !pc.accessSet:
		pc.accessSet = true
		pc.setAccess(v, off)
	default:
		pc.fail(off, v, "XLD011", "too many positional parameters",
			"at most target, format, vdev and access; use key=value for the rest")
		return false
	}
	return true
}

// vdevAndDevtype handles a positional vdev:devtype. It returns false, doing
// nothing, when v has no colon.
func (pc *parseCtx) vdevAndDevtype(v string, off int) bool {
	colon := strings.LastIndexByte(v, ':')
	if colon < 0 {
		return false
	}
	pc.saveString(fVdev, &pc.disk.Vdev, v[:colon], off)
	t := v[colon+1:]
	switch t {
	case "cdrom":
		pc.disk.IsCdrom = 1
		pc.span(fDevtype, off+colon+1, len(t))
	case "disk":
		pc.disk.IsCdrom = 0
		pc.span(fDevtype, off+colon+1, len(t))
	default:
		pc.fail(off+colon+1, t, "XLD008", "unknown deprecated type", "cdrom or disk")
	}
	return true
}

// saveString sets a string field, refusing to overwrite a non-empty value.
func (pc *parseCtx) saveString(f fieldID, p **string, v string, off int) {
	pc.saveStringAs(f, p, v, off, len(v))
}

func (pc *parseCtx) saveStringAs(f fieldID, p **string, v string, off, n int) {
	if *p != nil && **p != "" {
		pc.failAt(pc.frag, off, n, "XLD010", string(allFields[f])+" respecified", v, true, "")
		return
	}
	*p = pc.newString(v)
	pc.span(f, off, n)
}

func parseFormat(s string) (Format, bool) {
	switch s {
	case "", "raw":
		return FormatRaw, true
	case "qcow":
		return FormatQcow, true
	case "qcow2":
		return FormatQcow2, true
	case "vhd":
		return FormatVhd, true
	case "empty":
		return FormatEmpty, true
	case "qed":
		return FormatQed, true
	}
	return FormatUnknown, false
}

func (pc *parseCtx) setFormat(v string, off int) {
	f, ok := parseFormat(v)
	if !ok {
		exp := expectFormat
		if looksLikeVdev(v) {
			exp += "; " + v + " looks like a vdev: leave the format slot empty (TARGET,," + v + ")"
		}
		pc.fail(off, v, "XLD004", "unknown value for format", exp)
		return
	}
	if dset(pc, &pc.disk.Format, f, "format", v, off) {
		pc.span(fFormat, off, len(v))
	}
}

// dset is libxlu's DSET: it sets an enum field unless it already holds
// another value (the zero value is "unknown"), which is an error "NAME
// respecified" near v. It reports whether it set the field.
func dset[T comparable](pc *parseCtx, field *T, val T, name, v string, off int) bool {
	var unknown T
	if *field != unknown && *field != val {
		pc.fail(off, v, "XLD010", name+" respecified", "")
		return false
	}
	*field = val
	return true
}

func (pc *parseCtx) setAccess(v string, off int) {
	switch v {
	case "r", "ro":
		pc.disk.Readwrite = 0
	case "rw", "w", "":
		pc.disk.Readwrite = 1
	default:
		pc.fail(off, v, "XLD005", "unknown value for access", expectAccess)
		return
	}
	pc.span(fAccess, off, len(v))
}

func (pc *parseCtx) setColoPort(v string, off int) {
	port := CAtoi(v)
	if port == 0 {
		pc.fail(off, v, "XLD009", "unknown value for colo_port", "a non-zero port number")
		return
	}
	pc.disk.ColoPort = port
	pc.span(fColoPort, off, len(v))
}

// CAtoi is C's atoi as glibc implements it: (int)strtol(s, NULL, 10).
// Leading white space and a sign are accepted, parsing stops at the first
// non-digit, a value out of long's range saturates, and the result is
// truncated to 32 bits.
func CAtoi(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	const maxLong = 1<<63 - 1
	var v uint64
	overflow := false
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if !overflow {
			v = v*10 + uint64(s[i]-'0')
			if v > maxLong+1 || (v > maxLong && !neg) {
				overflow = true
			}
		}
	}
	var l int64
	switch {
	case overflow && neg:
		l = -maxLong - 1
	case overflow:
		l = maxLong
	case neg:
		l = -int64(v)
	default:
		l = int64(v)
	}
	return int(int32(l))
}

// setColoParams parses the 2015 COLO series' colo-params=host:port:exportname=NAME
// into ColoHost, ColoPort and ColoExport, with one error for each
// malformed part (see ParseColoParams).
func (pc *parseCtx) setColoParams(v string, off int) {
	cp, err := ParseColoParams(v)
	if err != nil {
		e := err.(*ColoParamsError)
		near := v[e.Offset : e.Offset+e.Len]
		if e.Len == 0 {
			near = v
		}
		pc.failAt(pc.frag, off+e.Offset, e.Len, "XLD014", "colo-params: "+e.Msg, near, true, "host:port:exportname=NAME")
		return
	}
	d := pc.disk
	n := len(pc.errs)
	hostOff := off
	portOff := off + len(cp.Host) + 1
	nameOff := portOff + len(cp.PortText) + 1 + len("exportname=")
	pc.saveString(fColoHost, &d.ColoHost, cp.Host, hostOff)
	if d.ColoPort != 0 && d.ColoPort != cp.Port {
		pc.fail(portOff, cp.PortText, "XLD010", "colo-port respecified", "")
	} else {
		d.ColoPort = cp.Port
		pc.span(fColoPort, portOff, len(cp.PortText))
	}
	pc.saveString(fColoExport, &d.ColoExport, cp.Export, nameOff)
	if len(pc.errs) == n {
		pc.coloParams = true
		pc.span(fColoParams, off, len(v))
	}
}

// finish applies libxlu's defaults after the last fragment and checks the
// mandatory fields.
func (pc *parseCtx) finish() {
	d := pc.disk
	if d.Format == FormatUnknown {
		d.Format = FormatRaw
	}
	if d.IsCdrom != 0 {
		d.Removable = 1
		d.Readwrite = 0
		if d.PdevPath == nil || *d.PdevPath == "" {
			d.Format = FormatEmpty
		}
	}
	end := len(pc.spec)
	last := pc.frag
	if pc.spec == "(null)" {
		end, last = 0, 0
	}
	if d.Vdev == nil {
		pc.failAt(last, end, 0, "XLD012", "no vdev specified", "", false, "vdev=NAME or a positional vdev (xvda, hda, sda, ...)")
		return
	}
	if d.PdevPath == nil && d.Removable == 0 {
		pc.failAt(last, end, 0, "XLD013", "no target specified (and device not removable)", "", false,
			"target=PATH, a positional target, or devtype=cdrom for an empty drive")
	}
}
