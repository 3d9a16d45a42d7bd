package diskspec

import (
	"fmt"
	"strings"
	"sync"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/cnum"
)

// MaxSpecLen is the longest fragment Parse accepts, in bytes (1 MiB, the
// size limit of a whole xl.cfg in package xlcfg). A longer one is rejected
// with a RuleLimits error before it is scanned. Parsing time and memory are
// linear in the length.
const MaxSpecLen = 1 << 20

// MaxParams is the largest number of parameters one fragment may hold
// (real specs have a dozen). libxlu has no such limit; past MaxParams the
// parse stops with a RuleLimits error, unless an earlier error had already
// ended it as libxlu would.
const MaxParams = 4096

// MaxFragments is the largest number of fragments a parse accepts.
const MaxFragments = 4096

// ParseWith parses a disk given as one or more fragments that accumulate
// into one disk (one string of an xl.cfg disk list, or the arguments of xl
// block-attach), exactly as the libxlu of the release opts names does.
//
// Only opts.Release() and opts.Dialect matter to the parser: the release
// decides which rules the scanner has (trusted and untrusted are flags from
// Xen 4.19, positional values before; grant_usage=0|1 is a keyword from
// 4.19, bad disk syntax before; see release.TrustedFlags and
// release.GrantUsage), and Dialect2015 has none of the release table's
// features. The zero Options follow release.Default.
//
// On failure the error is a diag.List (errors.As finds the list and each
// diag.Diagnostic in it), in the order libxlu reports the errors, and the
// returned Parsed holds the disk as far as it was parsed (never nil).
func ParseWith(opts domain.Options, frags ...string) (*Parsed, error) {
	r := &result{}
	r.parsed.Disk = &r.block.disk
	r.parsed.Frags = frags
	pc := newParseCtx(&r.block, rulesFor(&opts))
	defer pc.release()
	err := pc.parse(frags)
	r.parsed.ColoParams = pc.coloParams
	r.parsed.spans, r.parsed.set = pc.spans, pc.set
	return &r.parsed, err
}

// Parse parses one disk specification, as it appears in an xl config's
// disk = [ ... ] list, for the zero domain.Options (release.Default).
func Parse(spec string) (*Disk, error) {
	return ParseArgs(spec)
}

// ParseArgs parses a disk given as several fragments, as the arguments of
// xl block-attach, for the zero domain.Options (release.Default).
func ParseArgs(frags ...string) (*Disk, error) {
	b := &diskBlock{}
	pc := newParseCtx(b, defaultRules)
	defer pc.release()
	if err := pc.parse(frags); err != nil {
		return nil, err
	}
	return &b.disk, nil
}

// ParseDetailed is ParseWith for the zero domain.Options (release.Default).
func ParseDetailed(frags ...string) (*Parsed, error) {
	return ParseWith(domain.Options{}, frags...)
}

// diskBlock is a disk and the backing store of its strings, allocated at
// once (a typical disk sets two or three strings; more are allocated one by
// one).
type diskBlock struct {
	disk Disk
	strs [4]string
}

// result is what ParseWith returns, allocated at once.
type result struct {
	parsed Parsed
	block  diskBlock
}

// pcPool recycles parse states: a parse keeps nothing of its state but the
// disk and the errors it returns.
var pcPool = sync.Pool{New: func() any { return new(parseCtx) }}

// defaultRules are the scanner rules of release.Default.
var defaultRules = rulesFor(&domain.Options{})

func newParseCtx(b *diskBlock, rules ruleMask) *parseCtx {
	b.disk.Readwrite = 1
	pc := pcPool.Get().(*parseCtx)
	errs := pc.errs[:0]
	*pc = parseCtx{disk: &b.disk, strs: b.strs[:0], errs: errs, rules: rules}
	return pc
}

// release returns pc to the pool, dropping its references to the parse's
// input and result.
func (pc *parseCtx) release() {
	pc.disk, pc.strs, pc.sc.s = nil, nil, ""
	for i := range pc.errs {
		pc.errs[i] = specErr{}
	}
	pcPool.Put(pc)
}

// parseCtx is libxlu's DiskParseContext: the disk being built and the
// scanner state that survives from one fragment to the next.
type parseCtx struct {
	disk  *Disk
	sc    scanner
	rules ruleMask
	// spans[i] is the span of allFields[i], valid when bit i of set is on.
	spans [numFields]span
	set   uint32
	strs  []string // backing store of the disk's strings
	errs  []specErr
	frag  int
	// nfrags and lastLen are the number of fragments and the length of
	// the last one.
	nfrags, lastLen int
	hadDeprPrefix   bool
	accessSet       bool
	coloParams      bool
	// noFix: do not look for edits (the parse checks an edit).
	noFix bool
}

// parse runs libxlu's xlu_disk_parse: the fragments in order, then the
// defaults and mandatory-field checks.
func (pc *parseCtx) parse(frags []string) error {
	pc.nfrags = len(frags)
	if len(frags) > 0 {
		pc.lastLen = len(frags[len(frags)-1])
	}
	if len(frags) > MaxFragments {
		pc.failAt(MaxFragments, 0, 0, RuleLimits, fmt.Sprintf("too many fragments (at most %d)", MaxFragments), "")
		return pc.err(frags)
	}
	for i, f := range frags {
		pc.frag = i
		if len(f) > MaxSpecLen {
			pc.failAt(i, MaxSpecLen, len(f)-MaxSpecLen, RuleLimits, fmt.Sprintf("disk specification too long (at most %d bytes)", MaxSpecLen), "")
			return pc.err(frags)
		}
		if j := strings.IndexByte(f, 0); j >= 0 {
			pc.failAt(i, j, 1, RuleLimits, "NUL byte in disk specification", "")
			return pc.err(frags)
		}
		sc := &pc.sc
		sc.reset(f, pc.rules)
		stopped := false
		for {
			t, ok := sc.next()
			if !ok {
				break
			}
			if !scanRules[t.rule].act(pc, t) {
				stopped = true
				break
			}
		}
		if sc.truncated && !stopped {
			pc.failAt(i, sc.pos, len(f)-sc.pos, RuleLimits, fmt.Sprintf("too many parameters in disk specification (at most %d)", MaxParams), "")
			return pc.err(frags)
		}
		if len(pc.errs) > 0 {
			return pc.err(frags)
		}
	}
	pc.finish()
	return pc.err(frags)
}

// specErr is one error of a parse, before it becomes a diag.Diagnostic.
type specErr struct {
	rule         diag.RuleID
	frag, off, n int
	msg          string
	expected     string
	fix          *fix
}

// fix is a candidate edit: replace the text at span with text; the edited
// spec must then parse without error, with field set.
type fix struct {
	frag, off, n int
	text         string
	field        fieldID
}

func (pc *parseCtx) failAt(frag, off, n int, rule diag.RuleID, msg, expected string) *specErr {
	pc.errs = append(pc.errs, specErr{rule: rule, frag: frag, off: off, n: n, msg: msg, expected: expected})
	return &pc.errs[len(pc.errs)-1]
}

// fail records an error about text, which starts at byte off of the
// current fragment.
func (pc *parseCtx) fail(off int, text string, rule diag.RuleID, msg, expected string) *specErr {
	return pc.failAt(pc.frag, off, len(text), rule, msg, expected)
}

// err returns the errors as a diag.List, or nil.
func (pc *parseCtx) err(frags []string) error {
	if len(pc.errs) == 0 {
		return nil
	}
	l := make(diag.List, len(pc.errs))
	for i := range pc.errs {
		e := &pc.errs[i]
		d := diag.New(e.rule, diag.InSpec(-1, diag.Span{Frag: e.frag, Offset: e.off, Len: e.n}), "%s", e.msg)
		var edits []diag.Edit
		// A fix is tried only for a parse's one error: fixing one of
		// several cannot give a clean spec, and one re-parse per parse
		// keeps the time linear.
		if e.fix != nil && !pc.noFix && len(pc.errs) == 1 {
			if ed, ok := pc.checkFix(frags, e.fix); ok {
				edits = []diag.Edit{ed}
			}
		}
		if e.expected != "" {
			d = d.Suggest("expected "+e.expected, edits...)
		} else {
			d = d.Suggest("", edits...)
		}
		l[i] = d
	}
	return l
}

// checkFix applies f to the fragments and re-parses them: the edit is
// offered only when the result parses without error and sets the field
// the edit promises.
func (pc *parseCtx) checkFix(orig []string, f *fix) (diag.Edit, bool) {
	if f.frag >= len(orig) {
		return diag.Edit{}, false
	}
	frags := append([]string(nil), orig...)
	s := frags[f.frag]
	frags[f.frag] = s[:f.off] + f.text + s[f.off+f.n:]
	b := &diskBlock{}
	q := newParseCtx(b, pc.rules)
	q.noFix = true
	err := q.parse(frags)
	ok := err == nil && q.set&(1<<f.field) != 0
	q.release()
	if !ok {
		return diag.Edit{}, false
	}
	return diag.Edit{Range: *diag.InSpec(-1, diag.Span{Frag: f.frag, Offset: f.off, Len: f.n}), Text: f.text}, true
}

// lowerFix proposes the lower-case spelling of a keyword value that is
// valid only in lower case.
func lowerFix(e *specErr, v string, off int, field fieldID, valid func(string) bool) {
	if l := strings.ToLower(v); l != v && valid(l) {
		e.fix = &fix{frag: e.frag, off: off, n: len(v), text: l, field: field}
	}
}

func (pc *parseCtx) span(f fieldID, off, n int) {
	pc.spans[f] = span{int32(pc.frag), int32(off), int32(n)}
	pc.set |= 1 << f
}

// newString returns a pointer to v, from the result's string store while
// it lasts.
func (pc *parseCtx) newString(v string) *string {
	if len(pc.strs) < cap(pc.strs) {
		pc.strs = append(pc.strs, v)
		return &pc.strs[len(pc.strs)-1]
	}
	return heapString(v)
}

// heapString returns a pointer to a copy of v (apart from newString so
// that v escapes only when the store is full).
func heapString(v string) *string { return &v }

func stripComma(s string) string {
	if len(s) > 0 && s[len(s)-1] == ',' {
		return s[:len(s)-1]
	}
	return s
}

// valueOf returns the value of a key=value match (after the first '=',
// without one trailing comma: libxlu's STRIP(',') and FROMEQUALS) and its
// byte offset.
func valueOf(t token) (string, int) {
	v := stripComma(t.text)
	eq := strings.IndexByte(v, '=') + 1
	return v[eq:], t.off + eq
}

const (
	expectFormat        = "raw, qcow, qcow2, vhd, qed or empty"
	expectAccess        = "r, ro, w or rw"
	expectBackendtype   = "phy, tap, qdisk or standalone"
	expectSpecification = "xen or virtio"
	expectPrefix        = "raw: qcow: qcow2: vhd: iscsi: nbd: enbd: drbd: tapdisk: tap: tap2: aio: ioemu: file: phy:, or target="
)

// The actions of the scanner's rules (scanRules).

func actNone(*parseCtx, token) bool { return true }

func actFormat(pc *parseCtx, t token) bool {
	v, o := valueOf(t)
	pc.setFormat(v, o)
	return true
}

func actCdrom(pc *parseCtx, t token) bool {
	pc.disk.IsCdrom = 1
	pc.span(fDevtype, t.off, len(stripComma(t.text)))
	return true
}

func actDisk(pc *parseCtx, t token) bool {
	pc.disk.IsCdrom = 0
	pc.span(fDevtype, t.off, len(stripComma(t.text)))
	return true
}

func actDevtypeOther(pc *parseCtx, t token) bool {
	e := pc.fail(t.off, t.text, RuleDevtype, "unknown value for type", "devtype=cdrom or devtype=disk")
	v, o := valueOf(t)
	lowerFix(e, v, o, fDevtype, func(s string) bool { return s == "cdrom" || s == "disk" })
	return true
}

func actAccess(pc *parseCtx, t token) bool {
	v, o := valueOf(t)
	pc.setAccess(v, o)
	return true
}

// actString is the action of a keyword that saves a string (SAVESTRING).
func actString(f fieldID) func(*parseCtx, token) bool {
	return func(pc *parseCtx, t token) bool {
		v, o := valueOf(t)
		pc.saveString(f, v, o)
		return true
	}
}

func parseBackend(v string) (Backend, bool) {
	switch v {
	case "phy":
		return BackendPhy, true
	case "tap":
		return BackendTap, true
	case "qdisk":
		return BackendQdisk, true
	case "standalone":
		return BackendStandalone, true
	}
	return BackendUnknown, false
}

func actBackendtype(pc *parseCtx, t token) bool {
	v, o := valueOf(t)
	b, ok := parseBackend(v)
	if !ok {
		e := pc.fail(o, v, RuleBackendtype, "unknown value for backendtype", expectBackendtype)
		lowerFix(e, v, o, fBackendtype, func(s string) bool { _, ok := parseBackend(s); return ok })
		return true
	}
	if dset(pc, &pc.disk.Backend, b, "backend", v, o) {
		pc.span(fBackendtype, o, len(v))
	}
	return true
}

func parseSpecification(v string) (Specification, bool) {
	switch v {
	case "xen":
		return SpecificationXen, true
	case "virtio":
		return SpecificationVirtio, true
	}
	return SpecificationUnknown, false
}

func actSpecification(pc *parseCtx, t token) bool {
	v, o := valueOf(t)
	s, ok := parseSpecification(v)
	if !ok {
		e := pc.fail(o, v, RuleSpecification, "unknown value for specification", expectSpecification)
		lowerFix(e, v, o, fSpecification, func(s string) bool { _, ok := parseSpecification(s); return ok })
		return true
	}
	if dset(pc, &pc.disk.Specification, s, "specification", v, o) {
		pc.span(fSpecification, o, len(v))
	}
	return true
}

func actDirectIoSafe(pc *parseCtx, t token) bool {
	pc.disk.DirectIoSafe = true
	pc.span(fDirectIoSafe, t.off, len(stripComma(t.text)))
	return true
}

func actDiscard(v Defbool) func(*parseCtx, token) bool {
	return func(pc *parseCtx, t token) bool {
		pc.disk.DiscardEnable = v
		pc.span(fDiscard, t.off, len(stripComma(t.text)))
		return true
	}
}

func actColo(v Defbool) func(*parseCtx, token) bool {
	return func(pc *parseCtx, t token) bool {
		pc.disk.ColoEnable = v
		pc.span(fColo, t.off, len(stripComma(t.text)))
		return true
	}
}

func actTrusted(v Defbool) func(*parseCtx, token) bool {
	return func(pc *parseCtx, t token) bool {
		pc.disk.Trusted = v
		pc.span(fTrusted, t.off, len(stripComma(t.text)))
		return true
	}
}

func actGrantUsage(v Defbool) func(*parseCtx, token) bool {
	return func(pc *parseCtx, t token) bool {
		pc.disk.GrantUsage = v
		pc.span(fGrantUsage, t.off, len(stripComma(t.text)))
		return true
	}
}

func actColoPort(pc *parseCtx, t token) bool {
	v, o := valueOf(t)
	port := cnum.Atoi(v)
	if port == 0 {
		pc.fail(o, v, RuleColoPort, "unknown value for colo_port", "a non-zero port number")
		return true
	}
	pc.disk.ColoPort = port
	pc.span(fColoPort, o, len(v))
	return true
}

func actColoParams(pc *parseCtx, t token) bool {
	v, o := valueOf(t)
	pc.setColoParams(v, o)
	return true
}

// actTarget: target= eats the rest of the line; one final comma is
// dropped.
func actTarget(pc *parseCtx, t token) bool {
	v := stripComma(t.text)[len("target="):]
	pc.saveString(fTarget, v, t.off+len("target="))
	return true
}

func actUnknownParam(pc *parseCtx, t token) bool {
	key := t.text[:strings.IndexByte(t.text, '=')]
	best, unique := nearestKeyword(key)
	e := pc.fail(t.off, t.text, RuleUnknownParam, "unknown parameter", suggestKeyword(best))
	if unique {
		if f, ok := fieldIndex[Field(best)]; ok {
			e.fix = &fix{frag: pc.frag, off: t.off, n: len(key), text: best, field: f}
		}
	}
	return true
}

func actPrefixFormat(pc *parseCtx, t token) bool {
	pc.hadDeprPrefix = true
	pc.setFormat(t.text[:len(t.text)-1], t.off)
	return true
}

func actPrefixScript(pc *parseCtx, t token) bool {
	pc.hadDeprPrefix = true
	name := t.text[:len(t.text)-1]
	pc.saveStringAs(fScript, "block-"+name, t.off, len(name))
	return true
}

func actPrefixDropped(pc *parseCtx, t token) bool {
	pc.hadDeprPrefix = true
	return true
}

func actUnknownPrefix(pc *parseCtx, t token) bool {
	pc.fail(t.off, t.text, RuleUnknownPrefix, "unknown deprecated disk prefix", expectPrefix)
	return false
}

func actBad(pc *parseCtx, t token) bool {
	pc.fail(t.off, t.text, RuleBadSyntax, "bad disk syntax", "a parameter: key=value, a flag or a positional value")
	return false
}

// actPositional assigns a positional value to the first free slot:
// target, format (unless a deprecated prefix was seen), vdev, access.
func actPositional(pc *parseCtx, t token) bool {
	v, off := stripComma(t.text), t.off
	d := pc.disk
	switch {
	case len(pc.errs) > 0:
		// previous errors may just lead to subsequent ones
	case d.PdevPath == nil:
		pc.saveString(fTarget, v, off)
	case !pc.hadDeprPrefix && d.Format == FormatUnknown:
		if *d.PdevPath == "" && pc.vdevAndDevtype(v, off) {
			// An empty target, then vdev:devtype: an empty cdrom.
			d.Format = FormatEmpty
		} else {
			pc.setFormat(v, off)
		}
	case d.Vdev == nil:
		if !pc.vdevAndDevtype(v, off) {
			pc.saveString(fVdev, v, off)
		}
	case !pc.accessSet:
		pc.accessSet = true
		pc.setAccess(v, off)
	default:
		pc.fail(off, v, RuleTooManyPositional, "too many positional parameters",
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
	pc.saveString(fVdev, v[:colon], off)
	t := v[colon+1:]
	switch t {
	case "cdrom":
		pc.disk.IsCdrom = 1
		pc.span(fDevtype, off+colon+1, len(t))
	case "disk":
		pc.disk.IsCdrom = 0
		pc.span(fDevtype, off+colon+1, len(t))
	default:
		e := pc.fail(off+colon+1, t, RuleDevtype, "unknown deprecated type", "cdrom or disk")
		lowerFix(e, t, off+colon+1, fDevtype, func(s string) bool { return s == "cdrom" || s == "disk" })
	}
	return true
}

// stringField returns the disk's string field f.
func (pc *parseCtx) stringField(f fieldID) **string {
	d := pc.disk
	switch f {
	case fTarget:
		return &d.PdevPath
	case fVdev:
		return &d.Vdev
	case fBackend:
		return &d.BackendDomname
	case fScript:
		return &d.Script
	case fColoHost:
		return &d.ColoHost
	case fColoExport:
		return &d.ColoExport
	case fActiveDisk:
		return &d.ActiveDisk
	case fHiddenDisk:
		return &d.HiddenDisk
	}
	return new(*string) // unreachable: callers pass the fields above
}

// saveString sets a string field, refusing to overwrite a non-empty value
// (libxlu's SAVESTRING).
func (pc *parseCtx) saveString(f fieldID, v string, off int) {
	pc.saveStringAs(f, v, off, len(v))
}

func (pc *parseCtx) saveStringAs(f fieldID, v string, off, n int) {
	p := pc.stringField(f)
	if *p != nil && **p != "" {
		pc.failAt(pc.frag, off, n, RuleRespecified, string(allFields[f])+" respecified", "")
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
		e := pc.fail(off, v, RuleFormat, "unknown value for format", exp)
		lowerFix(e, v, off, fFormat, func(s string) bool { _, ok := parseFormat(s); return ok })
		return
	}
	if dset(pc, &pc.disk.Format, f, "format", v, off) {
		pc.span(fFormat, off, len(v))
	}
}

// dset is libxlu's DSET: it sets an enum field unless it already holds
// another value (the zero value is "unknown"), which is an error "NAME
// respecified" about v. It reports whether it set the field.
func dset[T comparable](pc *parseCtx, field *T, val T, name, v string, off int) bool {
	var unknown T
	if *field != unknown && *field != val {
		pc.fail(off, v, RuleRespecified, name+" respecified", "")
		return false
	}
	*field = val
	return true
}

func validAccess(v string) bool {
	switch v {
	case "r", "ro", "rw", "w", "":
		return true
	}
	return false
}

func (pc *parseCtx) setAccess(v string, off int) {
	switch v {
	case "r", "ro":
		pc.disk.Readwrite = 0
	case "rw", "w", "":
		pc.disk.Readwrite = 1
	default:
		e := pc.fail(off, v, RuleAccess, "unknown value for access", expectAccess)
		lowerFix(e, v, off, fAccess, validAccess)
		return
	}
	pc.span(fAccess, off, len(v))
}

// CAtoi is C's atoi as glibc implements it: (int)strtol(s, NULL, 10),
// truncated to 32 bits. It is a thin wrapper kept for callers of this
// package; it is internal/cnum's Atoi, which the parser itself uses for
// colo-port=.
func CAtoi(s string) int { return cnum.Atoi(s) }

// setColoParams parses the 2015 COLO series' colo-params=host:port:exportname=NAME
// into ColoHost, ColoPort and ColoExport, with one error for each
// malformed part (see ParseColoParams).
func (pc *parseCtx) setColoParams(v string, off int) {
	cp, bad := parseColoParams(v)
	if bad != nil {
		pc.failAt(pc.frag, off+bad.off, bad.n, RuleColoParams, "colo-params: "+bad.msg, "host:port:exportname=NAME")
		return
	}
	d := pc.disk
	n := len(pc.errs)
	hostOff := off
	portOff := off + len(cp.Host) + 1
	nameOff := portOff + len(cp.PortText) + 1 + len("exportname=")
	pc.saveString(fColoHost, cp.Host, hostOff)
	if d.ColoPort != 0 && d.ColoPort != cp.Port {
		pc.fail(portOff, cp.PortText, RuleRespecified, "colo-port respecified", "")
	} else {
		d.ColoPort = cp.Port
		pc.span(fColoPort, portOff, len(cp.PortText))
	}
	pc.saveString(fColoExport, cp.Export, nameOff)
	if len(pc.errs) == n {
		pc.coloParams = true
		pc.span(fColoParams, off, len(v))
	}
}

// finish applies libxlu's defaults after the last fragment and checks the
// mandatory fields. Its errors are about the whole disk: their span is
// empty, at the end of the last fragment.
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
	end, last := 0, 0
	if pc.nfrags > 0 {
		end, last = pc.lastLen, pc.nfrags-1
	}
	if d.Vdev == nil {
		expected := "vdev=NAME or a positional vdev (xvda, hda, sda, ...)"
		if d.PdevPath != nil {
			if kw, _ := Swallowed(*d.PdevPath); kw != "" {
				expected = "vdev=NAME before target=: target= takes the rest of the spec, so the target holds \"" + kw + "...\"; write target= last"
			}
		}
		pc.failAt(last, end, 0, RuleNoVdev, "no vdev specified", expected)
		return
	}
	if d.PdevPath == nil && d.Removable == 0 {
		pc.failAt(last, end, 0, RuleNoTarget, "no target specified (and device not removable)",
			"target=PATH, a positional target, or devtype=cdrom for an empty drive")
	}
}
