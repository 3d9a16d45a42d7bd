// Package lint checks Xen xl domain config files (xl.cfg) offline: every
// disk spec is parsed as libxlu parses it, the domain's disks are
// validated by libxl's rules (validate.Domain: backends, vdevs, what QEMU
// can emulate), and whole-config rules (XLD3xx) look at the rest of the
// file (the domain type, hdtype, the shape of the disk list, libxlu's
// quirks). Every finding is a diag.Diagnostic whose Range is located in
// the file, with the exact line and column of the text it is about,
// through quotes and backslash escapes. Findings can be suppressed with a
// reasoned comment:
//
//	# xldisk:ignore XLD201 -- the guest has a PV driver for this disk
//
// on the finding's line or on the line above it (at the end of a line or
// on a line of its own). A syntax error (XLD300) cannot be suppressed: the
// file's comments cannot be read.
//
// The package is the engine of "xldisk lint" and of the language server;
// the output formats are in package report, the directory walk in walk.
package lint

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/xlcfg"
)

// Result is the outcome of linting one file.
type Result struct {
	// Path is the file, as given to Config.
	Path string
	// Src is the file's content.
	Src []byte
	// Diags are the findings that were not suppressed, sorted by position.
	// Each Range is located in the file (Range.File is Path) or, for a
	// finding about no place, nil. Range.Disk is the disk's index in the
	// domain as xl numbers them, or -1.
	Diags diag.List
	// Suppressed counts findings silenced by xldisk:ignore comments.
	Suppressed int
	// Releases are the Xen releases the file was judged against (one,
	// unless ConfigAcross was used).
	Releases []release.Version
	// Options are the domain options the disks were judged with: the
	// caller's, with the guest type, hdtype and stub domain as xl reads
	// them from the file (so explain and hover can use the same).
	Options domain.Options
	// Err is set when the file could not be linted at all (the findings
	// are then empty). A file that libxlu would reject is not an Err: it
	// gets an XLD300 finding.
	Err error
}

// Max returns the most serious severity among the findings, and false if
// there are none.
func (r Result) Max() (diag.Severity, bool) { return r.Diags.Max() }

// linter holds the state of one file's lint.
type linter struct {
	path     string
	src      []byte
	file     *xlcfg.File
	opts     domain.Options
	findings diag.List
}

// add records a file-level finding between two reader positions and
// returns it for a suggestion.
func (l *linter) add(rule diag.RuleID, start, end xlcfg.Position, format string, args ...any) *diag.Diagnostic {
	l.push(diag.New(rule, fileRange(l.path, start, end), format, args...))
	return &l.findings[len(l.findings)-1]
}

// push appends a finding, doubling the list when it is full: append grows
// a large slice by only 1.25x, which for a file with a quarter of a million
// findings allocated five times the final list.
func (l *linter) push(d diag.Diagnostic) {
	if len(l.findings) == cap(l.findings) {
		l.findings = slices.Grow(l.findings, len(l.findings))
	}
	l.findings = append(l.findings, d)
}

// Config lints one xl.cfg file whose content is src, judged for the
// domain options opts (the Xen release, dialect, host, COLO side and
// limits; the guest type, hdtype and stub domain are read from the file
// and override opts). path is used in the findings' ranges.
func Config(path string, src []byte, opts domain.Options) Result {
	l := &linter{path: path, src: src, opts: opts}
	res := Result{Path: path, Src: src, Releases: []release.Version{opts.Release()}, Options: opts}
	f, found, err := readConfig(path, src, opts)
	if err != nil {
		res.Err = err
		return res
	}
	if f == nil {
		res.Diags = found
		return res
	}
	l.file = f
	l.findings = found
	l.reassigned()
	opts.Type = l.domainType()
	opts.HDType = l.hdtype(opts.Type)
	opts.Stubdom = opts.HVM() && l.stubdom()
	l.opts = opts
	res.Options = opts
	l.disks()
	l.xmOnly()
	l.deviceModel()
	return l.result(res)
}

// deviceModel checks device_model_version as xl's parse_config_data reads
// it: "qemu-xen", and before Xen 4.21 "qemu-xen-traditional"; anything
// else makes xl create exit.
func (l *linter) deviceModel() {
	v, ok := l.single("device_model_version")
	if !ok {
		return
	}
	switch {
	case v.Str == "qemu-xen":
	case v.Str == "qemu-xen-traditional" && !l.opts.Has(release.NoQemuTraditional):
	case v.Str == "qemu-xen-traditional":
		d := l.add(RuleDeviceModel, v.Pos, v.End, "device_model_version %q was removed in Xen 4.21: xl create exits with \"Unknown device_model_version\" on Xen %s", v.Str, l.opts.Release())
		*d = d.Suggest("use \"qemu-xen\"", l.valueEdit(v, "qemu-xen"))
	default:
		want := "\"qemu-xen\" or \"qemu-xen-traditional\""
		if l.opts.Has(release.NoQemuTraditional) {
			want = "\"qemu-xen\""
		}
		l.add(RuleDeviceModel, v.Pos, v.End, "unknown device_model_version %q: xl create exits (want %s)", v.Str, want)
	}
}

// xmOnly reports settings of xm that xl ignores although they once held
// disks.
func (l *linter) xmOnly() {
	s := l.file.Setting("cdrom")
	if s == nil {
		return
	}
	end := s.NamePos
	end.Offset += len(s.Name)
	end.Column += len(s.Name)
	d := l.add(RuleXmCdrom, s.NamePos, end, "cdrom= is xm's CD-ROM setting; xl ignores it, so the guest gets no CD-ROM drive")
	if s.Value.Kind == xlcfg.String && s.Value.Str != "" {
		*d = d.Suggest("add '" + s.Value.Str + ",raw,hdc:cdrom,r' to disk = [ ... ] and delete cdrom=")
	} else {
		*d = d.Suggest("add a CD-ROM to disk = [ ... ] (PATH,raw,hdc:cdrom,r) and delete cdrom=")
	}
}

// Collapse keeps, of the info findings (deprecated or style: the config
// works), the first of each rule in each file, noting how many more there
// are; warnings and errors are kept. It is what "xldisk lint" prints
// unless --verbose: a deprecated form used on every line is one finding.
func Collapse(l diag.List) diag.List {
	type key struct {
		file string
		rule diag.RuleID
	}
	count := map[key]int{}
	for _, d := range l {
		if d.Severity == diag.Info {
			count[key{fileOf(d), d.Rule}]++
		}
	}
	out := make(diag.List, 0, len(l))
	seen := map[key]bool{}
	for _, d := range l {
		if d.Severity != diag.Info {
			out = append(out, d)
			continue
		}
		k := key{fileOf(d), d.Rule}
		if seen[k] {
			continue
		}
		seen[k] = true
		if n := count[k] - 1; n > 0 {
			d.Message += fmt.Sprintf(" (and %d more like it in this file; --verbose lists them)", n)
		}
		out = append(out, d)
	}
	return out
}

func fileOf(d diag.Diagnostic) string {
	if d.Range == nil {
		return ""
	}
	return d.Range.File
}

// single returns the value of a setting xl reads with xlu_cfg_get_string,
// reporting a list (which xl ignores) with RuleListNotSingle.
func (l *linter) single(name string) (*xlcfg.Value, bool) {
	v := l.file.Lookup(name)
	if v == nil {
		return nil, false
	}
	if v.Kind == xlcfg.List {
		l.add(RuleListNotSingle, v.Pos, v.End, "%s is a list, but xl reads it as a single value and ignores it", name)
		return nil, false
	}
	return v, true
}

// isPrefix reports whether s is a prefix of word, as xl's
// strncmp(s, word, strlen(s)) == 0 tests it.
func isPrefix(s, word string) bool { return strings.HasPrefix(word, s) }

// domainType works out the domain type as xl's parse_config_data does.
func (l *linter) domainType() domain.GuestType {
	typ, have := domain.PV, false
	if v, ok := l.single("type"); ok {
		switch s := v.Str; {
		case isPrefix(s, "hvm"):
			typ, have = domain.HVM, true
		case isPrefix(s, "pv"):
			typ, have = domain.PV, true
		case isPrefix(s, "pvh"):
			typ, have = domain.PVH, true
		default:
			l.add(RuleBadType, v.Pos, v.End, "invalid domain type %q: xl create exits (want \"pv\", \"pvh\" or \"hvm\")", s)
			return domain.PV
		}
		if full := typ.String(); v.Str != full {
			d := l.add(RuleAbbrevType, v.Pos, v.End, "type %q is read as %q because xl matches any prefix", v.Str, full)
			*d = d.Suggest("write type = \""+full+"\"", l.valueEdit(v, full))
		}
	}
	if v, ok := l.single("builder"); ok {
		var b domain.GuestType
		switch s := v.Str; {
		case isPrefix(s, "hvm"):
			b = domain.HVM
		case isPrefix(s, "generic"):
			b = domain.PV
		default:
			l.add(RuleBadType, v.Pos, v.End, "invalid builder %q: xl create exits (want \"generic\" or \"hvm\", or better type = ...)", s)
			return typ
		}
		if have && b != typ {
			l.add(RuleTypeConflict, v.Pos, v.End, "builder %q contradicts type: xl create exits", v.Str)
			return typ
		}
		d := l.add(RuleBuilder, l.file.Setting("builder").NamePos, v.End, "builder is deprecated since Xen 4.10")
		*d = d.Suggest("write type = \"" + b.String() + "\"")
		typ = b
	}
	return typ
}

// hdtype checks the hdtype setting and returns it for an HVM guest (libxl
// ignores case).
func (l *linter) hdtype(typ domain.GuestType) domain.HDType {
	v, ok := l.single("hdtype")
	if !ok {
		return domain.IDE
	}
	if typ != domain.HVM {
		l.add(RuleHdtypeNotHVM, v.Pos, v.End, "hdtype is only read for HVM guests; this one is %s", strings.ToUpper(typ.String()))
		return domain.IDE
	}
	h, err := domain.ParseHDType(v.Str)
	if err != nil {
		l.add(RuleBadHdtype, v.Pos, v.End, "invalid value %q for hdtype: xl create exits (want \"ide\" or \"ahci\")", v.Str)
		return domain.IDE
	}
	return h
}

// stubdom reports whether the device model runs in a stub domain
// (device_model_stubdomain_override = 1).
func (l *linter) stubdom() bool {
	v := l.file.Lookup("device_model_stubdomain_override")
	if v == nil || v.Kind == xlcfg.List {
		return false
	}
	return v.Str != "" && v.Str != "0"
}

// valueEdit is the edit that replaces a string value's text with text.
func (l *linter) valueEdit(v *xlcfg.Value, text string) diag.Edit {
	q := v.Quote
	if q == 0 {
		q = '"'
	}
	return diag.Edit{Range: *fileRange(l.path, v.Pos, v.End), Text: text, FileText: xlcfg.Quote(text, q)}
}

// reassigned reports settings that a later "name = value" replaces (an
// earlier "+=" included): libxlu keeps only the last assignment and what
// is appended after it.
func (l *linter) reassigned() {
	killer := map[string]*xlcfg.Setting{} // the nearest later "=" of a name
	for i := len(l.file.Settings) - 1; i >= 0; i-- {
		s := l.file.Settings[i]
		if later, ok := killer[s.Name]; ok {
			end := s.NamePos
			end.Offset += len(s.Name)
			end.Column += len(s.Name)
			d := l.add(RuleReassigned, s.NamePos, end, "%s is set again on line %d, which replaces this value", s.Name, later.NamePos.Line)
			*d = d.Suggest("use += to extend it, or delete one")
		}
		if s.Op == xlcfg.Assign {
			killer[s.Name] = s
		}
	}
}

// disks parses and validates every disk spec of the file.
func (l *linter) disks() {
	if l.file.Lookup("disk") == nil {
		return
	}
	specs, notList := diskSpecs(l.file)
	if notList != nil {
		for _, d := range notList {
			l.push(d)
		}
		return
	}
	var parsed []*diskspec.Parsed
	var used []xlcfg.DiskSpec
	nestedReported := false
	for _, ds := range specs {
		if ds.Ignored && !nestedReported {
			nestedReported = true
			l.reportNested()
		}
		if len(ds.Value.Escapes) > 0 {
			e := ds.Value.Escapes[0]
			p := ds.Value.Pos
			p.Offset += e.RawOffset
			p.Column += e.RawOffset
			end := p
			end.Offset += e.RawLen
			end.Column += e.RawLen
			d := l.add(RuleDiskSpecEscaped, p, end, "the disk spec contains backslash escapes; xl sees %q", ds.Spec)
			d.Range.Disk = ds.Index
		}
		p, errs := parseSpec(ds.Spec, l.opts)
		if errs != nil {
			l.addSpecDiags(ds, errs)
			continue
		}
		if ds.Ignored {
			continue
		}
		l.pathWhitespace(ds, p)
		parsed = append(parsed, p)
		used = append(used, ds)
	}
	if len(parsed) == 0 {
		return
	}
	plan := validate.Domain(parsed, l.opts)
	for _, d := range plan.Diags {
		if d.Range == nil || d.Range.Disk < 0 || d.Range.Disk >= len(used) {
			// A domain-wide finding: it is about the disk setting.
			s := l.file.Setting("disk")
			d.Range = fileRange(l.path, s.Value.Pos, s.Value.End)
			l.push(d)
			continue
		}
		l.addSpecDiags(used[d.Range.Disk], diag.List{d})
	}
}

// addSpecDiags locates diagnostics about the spec ds in the file (their
// Range.Span is in the spec) and records them.
func (l *linter) addSpecDiags(ds xlcfg.DiskSpec, list diag.List) {
	for _, d := range list {
		l.push(ds.Locate(d))
	}
}

// pathWhitespace reports paths with white space at either end
// (RulePathWhitespace), pointing at the white space.
func (l *linter) pathWhitespace(ds xlcfg.DiskSpec, p *diskspec.Parsed) {
	d := p.Disk
	for _, c := range []struct {
		f diskspec.Field
		v *string
	}{{diskspec.FieldTarget, d.PdevPath}, {diskspec.FieldScript, d.Script}, {diskspec.FieldActiveDisk, d.ActiveDisk}, {diskspec.FieldHiddenDisk, d.HiddenDisk}} {
		if c.v == nil || *c.v == "" {
			continue
		}
		v := *c.v
		lead := len(v) - len(strings.TrimLeft(v, " \t\n"))
		trail := len(v) - len(strings.TrimRight(v, " \t\n"))
		if lead == 0 && trail == 0 {
			continue
		}
		sp := p.Span(c.f)
		var ws diag.Span
		var edits []diag.Edit
		if sp.Valid() && sp.Len == len(v) {
			if trail > 0 {
				ws = diag.Span{Frag: sp.Frag, Offset: sp.End() - trail, Len: trail}
			} else {
				ws = diag.Span{Frag: sp.Frag, Offset: sp.Offset, Len: lead}
			}
			if c.f != diskspec.FieldTarget || trail == 0 {
				// A target's trailing blank can only go if nothing follows
				// it (target= takes the rest of the spec): leave that to
				// people.
				edits = append(edits, diag.Edit{Range: diag.Range{Disk: ds.Index, Span: ws}})
			}
		} else {
			ws = diag.NoSpan
		}
		where := "ends"
		if trail == 0 {
			where = "starts"
		}
		dg := diag.New(RulePathWhitespace, diag.InSpec(ds.Index, ws), "%s %q %s with white space, which libxl keeps as part of the path", c.f, v, where)
		l.addSpecDiags(ds, diag.List{dg.Suggest("remove the white space", edits...)})
	}
}

// reportNested reports the first non-string item of the disk list.
func (l *linter) reportNested() {
	v := l.file.Lookup("disk")
	for i, it := range v.Items {
		if it.Kind != xlcfg.List {
			continue
		}
		msg := "nested list in the disk list: xl stops reading disks here and ignores this item"
		if later := len(v.Items) - i - 1; later > 0 {
			msg += fmt.Sprintf(" and the %d after it", later)
		}
		d := l.add(RuleDiskNested, it.Pos, it.End, "%s", msg)
		*d = d.Suggest("flatten the list")
		return
	}
}

var ignoreRE = regexp.MustCompile(`^#\s*xldisk:ignore\b(.*)$`)

type suppression struct {
	// line is the comment's line; the suppression covers findings that
	// start on it or on the next line.
	line  int
	rules map[diag.RuleID]bool
	used  map[diag.RuleID]bool
	c     xlcfg.Comment
}

// result applies suppressions, sorts and returns the findings.
func (l *linter) result(res Result) Result {
	var sups []*suppression
	var meta diag.List
	for _, c := range l.file.Comments {
		m := ignoreRE.FindStringSubmatch(c.Text)
		if m == nil {
			continue
		}
		end := c.Pos
		end.Offset += len(c.Text)
		end.Column += len(c.Text)
		rng := fileRange(l.path, c.Pos, end)
		idsPart, reason, hasSep := strings.Cut(m[1], "--")
		s := &suppression{line: c.Pos.Line, rules: map[diag.RuleID]bool{}, used: map[diag.RuleID]bool{}, c: c}
		bad := false
		named := map[string]bool{}
		for _, id := range strings.FieldsFunc(idsPart, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if named[id] {
				continue // named twice: one finding, one suppression
			}
			named[id] = true
			rid, ok := diag.ParseRuleID(id)
			if !ok || rid.String() != id {
				meta = append(meta, diag.New(RuleBadSuppression, rng, "xldisk:ignore names %q, which is not a registered rule id", id))
				bad = true
				continue
			}
			s.rules[rid] = true
		}
		if len(s.rules) == 0 && !bad {
			meta = append(meta, diag.New(RuleBadSuppression, rng, "xldisk:ignore names no rule"))
		}
		if !hasSep || strings.TrimSpace(reason) == "" {
			meta = append(meta, diag.New(RuleNoReason, rng, "xldisk:ignore has no reason (write \"-- why this is fine\")"))
		}
		if len(s.rules) > 0 {
			sups = append(sups, s)
		}
	}
	// The suppressions by line: a finding looks at its own line and the one
	// above, so the cost stays linear however many of both a file has.
	byLine := make(map[int][]*suppression, len(sups))
	for _, s := range sups {
		byLine[s.line] = append(byLine[s.line], s)
	}
	// Keep the findings that are not suppressed, in place.
	kept := l.findings[:0]
	for _, d := range l.findings {
		suppressed := false
		if d.Range != nil && d.Rule != xlcfg.RuleSyntax {
			for _, line := range [2]int{d.Range.Start.Line, d.Range.Start.Line - 1} {
				for _, s := range byLine[line] {
					if s.rules[d.Rule] {
						s.used[d.Rule] = true
						suppressed = true
					}
				}
			}
		}
		if suppressed {
			res.Suppressed++
			continue
		}
		kept = append(kept, d)
	}
	for _, s := range sups {
		var unused []string
		for id := range s.rules {
			if !s.used[id] {
				unused = append(unused, id.String())
			}
		}
		if len(unused) > 0 {
			sort.Strings(unused)
			end := s.c.Pos
			end.Offset += len(s.c.Text)
			end.Column += len(s.c.Text)
			meta = append(meta, diag.New(RuleUnusedIgnore, fileRange(l.path, s.c.Pos, end), "xldisk:ignore %s matches no finding on its line or the next", strings.Join(unused, ",")))
		}
	}
	kept = append(kept, meta...)
	Sort(kept)
	if len(kept) == 0 {
		kept = nil
	}
	res.Diags = kept
	return res
}

// Sort orders located findings by file, start, end, rule and message.
func Sort(l diag.List) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		ra, rb := a.Range, b.Range
		if (ra == nil) != (rb == nil) {
			return ra == nil
		}
		if ra != nil {
			if ra.File != rb.File {
				return ra.File < rb.File
			}
			if ra.Start.Offset != rb.Start.Offset {
				return ra.Start.Offset < rb.Start.Offset
			}
			if ra.End.Offset != rb.End.Offset {
				return ra.End.Offset < rb.End.Offset
			}
		}
		if a.Rule != b.Rule {
			return a.Rule.String() < b.Rule.String()
		}
		return a.Message < b.Message
	})
}
