// Package lint checks Xen xl domain config files (xl.cfg) offline: every
// disk spec is parsed as libxlu parses it and validated by libxl's rules,
// and whole-config rules (XLD3xx) look at the rest of the file (the domain
// type, hdtype, the shape of the disk list, libxlu's quirks). Findings carry
// the exact line and column of the text they are about, through quotes and
// backslash escapes, and can be suppressed with a reasoned comment:
//
//	# xldisk:ignore XLD201 -- the guest has a PV driver for this disk
//
// on the finding's line or on the line above it (at the end of a line or on
// a line of its own). A syntax
// error (XLD300) cannot be suppressed: the file's comments cannot be read. The package is the engine of
// "xldisk lint"; toolstacks can call Config or Paths directly and render
// the results with WriteText, WriteJSON, WriteSARIF or WriteGitHub.
package lint

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/xlcfg"
)

// Options control a lint run. The zero value lints offline against current
// upstream libxl.
type Options struct {
	// Host answers questions about the host (is a target a block device?);
	// nil means validate.OfflineHost, which never touches the file system.
	Host validate.Host
	// Dialect picks current upstream libxl or the 2015 COLO series.
	Dialect validate.Dialect
	// Limits bound the config reader; the zero value means
	// xlcfg.DefaultLimits.
	Limits xlcfg.Limits
	// ColoSide is the COLO side the domain is created on (ModeNone: as
	// each disk says, the primary for a colo disk; ModeSecondary: restored
	// from a COLO checkpoint stream). It changes which COLO values QEMU
	// needs.
	ColoSide colo.Mode
}

// Finding is one diagnostic located in a file.
type Finding struct {
	// Path is the file, as given to Config or as found by Paths.
	Path string `json:"path"`
	// Rule is the rule id (XLDnnn) of the diagnostic.
	Rule string `json:"rule"`
	// Severity is the rule's severity.
	Severity diag.Severity `json:"-"`
	// Message says what is wrong.
	Message string `json:"message"`
	// Suggestion says how to fix it, when the rule knows.
	Suggestion string `json:"suggestion,omitempty"`
	// Pos is the first byte the finding is about. Its Column counts bytes
	// from 1 (as go vet and gofmt do; WriteText and WriteJSON print it),
	// while WriteSARIF and WriteGitHub convert it to a count of Unicode
	// code points, as SARIF's columnKind unicodeCodePoints and GitHub's
	// annotations want.
	Pos xlcfg.Position `json:"pos"`
	// End is the position just past the last byte the finding is about,
	// with a byte column like Pos.
	End xlcfg.Position `json:"end"`
	// Disk is the index of the disk in the domain (xl's numbering), or -1.
	Disk int `json:"disk"`
}

// String renders the finding as "file:line:col: severity: message [RULE]".
func (f Finding) String() string {
	d := diag.Diagnostic{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Suggestion: f.Suggestion}
	return f.Pos.String() + ": " + d.Error()
}

// Result is the outcome of linting one file.
type Result struct {
	// Path is the file.
	Path string
	// Findings are the findings that were not suppressed, ordered by
	// position, then rule.
	Findings []Finding
	// Suppressed counts findings silenced by xldisk:ignore comments.
	Suppressed int
	// Err is set when the file could not be read (the findings are then
	// empty). A file that libxlu would reject is not an Err: it gets an
	// XLD300 finding.
	Err error
	// src is the file content, for column conversions in WriteSARIF and
	// WriteGitHub.
	src []byte
	// stdin is set by Paths for "-": WriteSARIF does not present the
	// standard input as a file under the root.
	stdin bool
}

// Max returns the most serious severity among the findings, and false if
// there are none.
func (r Result) Max() (diag.Severity, bool) {
	var l diag.List
	for _, f := range r.Findings {
		l = append(l, diag.Diagnostic{Severity: f.Severity})
	}
	return l.Max()
}

// domainType is what xl makes of type and builder.
type domainType int

const (
	typePV domainType = iota
	typePVH
	typeHVM
)

// linter holds the state of one file's lint.
type linter struct {
	path     string
	file     *xlcfg.File
	opts     Options
	findings []Finding
}

func (l *linter) add(rule string, pos, end xlcfg.Position, disk int, format string, args ...any) *Finding {
	d := diag.New(rule, diag.NoSpan, format, args...)
	l.push(Finding{Path: l.path, Rule: d.Rule, Severity: d.Severity, Message: d.Message, Pos: pos, End: end, Disk: disk})
	return &l.findings[len(l.findings)-1]
}

func (l *linter) addDiag(d diag.Diagnostic, pos, end xlcfg.Position, disk int) {
	l.push(Finding{Path: l.path, Rule: d.Rule, Severity: d.Severity, Message: d.Message,
		Suggestion: d.Suggestion, Pos: pos, End: end, Disk: disk})
}

// push appends a finding, doubling the list when it is full: append grows
// a large slice by only 1.25x, which for a file with a quarter of a million
// findings allocated five times the final list.
func (l *linter) push(f Finding) {
	if len(l.findings) == cap(l.findings) {
		l.findings = slices.Grow(l.findings, len(l.findings))
	}
	l.findings = append(l.findings, f)
}

// Config lints one xl.cfg file whose content is src. path is used in the
// findings' positions.
func Config(path string, src []byte, opts Options) Result {
	if opts.Limits == (xlcfg.Limits{}) {
		opts.Limits = xlcfg.DefaultLimits
	}
	l := &linter{path: path, opts: opts}
	f, err := xlcfg.ParseLimits(path, src, opts.Limits)
	if err != nil {
		var e *xlcfg.Error
		if !errors.As(err, &e) {
			return Result{Path: path, Err: err}
		}
		end := e.Pos
		if end.Offset < len(src) && src[end.Offset] != '\n' {
			end.Offset++
			end.Column++
		}
		l.add(RuleSyntax, e.Pos, end, -1, "%s", e.Msg)
		return l.result(nil, src)
	}
	l.file = f
	for _, q := range f.Quirks {
		rule := RuleOctalEscape
		if q.Kind == xlcfg.QuirkStrayLastByte {
			rule = RuleStrayByte
		}
		end := q.Pos
		end.Offset += q.Len
		end.Column += q.Len
		l.add(rule, q.Pos, end, -1, "%s", q.Msg)
	}
	l.reassigned()
	typ := l.domainType()
	hdtype := l.hdtype(typ)
	l.disks(validate.Options{HVM: typ == typeHVM, HDType: hdtype, Dialect: opts.Dialect, Host: opts.Host, ColoSide: opts.ColoSide})
	return l.result(f.Comments, src)
}

// valueSpan returns the positions of a whole value.
func valueSpan(v *xlcfg.Value) (xlcfg.Position, xlcfg.Position) { return v.Pos, v.End }

// single returns the value of a setting xl reads with xlu_cfg_get_string,
// reporting a list (which xl ignores) with RuleListNotSingle.
func (l *linter) single(name string) (*xlcfg.Value, bool) {
	v := l.file.Lookup(name)
	if v == nil {
		return nil, false
	}
	if v.Kind == xlcfg.List {
		p, e := valueSpan(v)
		l.add(RuleListNotSingle, p, e, -1, "%s is a list, but xl reads it as a single value and ignores it", name)
		return nil, false
	}
	return v, true
}

// isPrefix reports whether s is a prefix of word, as xl's
// strncmp(s, word, strlen(s)) == 0 tests it.
func isPrefix(s, word string) bool { return strings.HasPrefix(word, s) }

// domainType works out the domain type as xl's parse_config_data does.
func (l *linter) domainType() domainType {
	typ, have := typePV, false
	if v, ok := l.single("type"); ok {
		p, e := valueSpan(v)
		switch s := v.Str; {
		case isPrefix(s, "hvm"):
			typ, have = typeHVM, true
		case isPrefix(s, "pv"):
			typ, have = typePV, true
		case isPrefix(s, "pvh"):
			typ, have = typePVH, true
		default:
			l.add(RuleBadType, p, e, -1, "invalid domain type %q: xl create exits (want \"pv\", \"pvh\" or \"hvm\")", s)
			return typePV
		}
		if full := [...]string{"pv", "pvh", "hvm"}[typ]; v.Str != full {
			l.add(RuleAbbrevType, p, e, -1, "type %q is read as %q because xl matches any prefix", v.Str, full).Suggestion = "write type = \"" + full + "\""
		}
	}
	if v, ok := l.single("builder"); ok {
		p, e := valueSpan(v)
		var b domainType
		switch s := v.Str; {
		case isPrefix(s, "hvm"):
			b = typeHVM
		case isPrefix(s, "generic"):
			b = typePV
		default:
			l.add(RuleBadType, p, e, -1, "invalid builder %q: xl create exits (want \"generic\" or \"hvm\", or better type = ...)", s)
			return typ
		}
		if have && b != typ {
			l.add(RuleTypeConflict, p, e, -1, "builder %q contradicts type: xl create exits", v.Str)
			return typ
		}
		full := map[domainType]string{typeHVM: "hvm", typePV: "pv"}[b]
		l.add(RuleBuilder, l.file.Setting("builder").NamePos, e, -1, "builder is deprecated since Xen 4.10").Suggestion = "write type = \"" + full + "\""
		typ = b
	}
	return typ
}

// hdtype checks the hdtype setting and returns its (lower-cased) value for
// an HVM guest.
func (l *linter) hdtype(typ domainType) string {
	v, ok := l.single("hdtype")
	if !ok {
		return ""
	}
	p, e := valueSpan(v)
	if typ != typeHVM {
		l.add(RuleHdtypeNotHVM, p, e, -1, "hdtype is only read for HVM guests; this one is %s", [...]string{"PV", "PVH", "HVM"}[typ])
		return ""
	}
	s := strings.ToLower(v.Str) // libxl's enum parser ignores case
	if s != "ide" && s != "ahci" {
		l.add(RuleBadHdtype, p, e, -1, "invalid value %q for hdtype: xl create exits (want \"ide\" or \"ahci\")", v.Str)
		return ""
	}
	return s
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
			l.add(RuleReassigned, s.NamePos, end, -1, "%s is set again on line %d, which replaces this value", s.Name, later.NamePos.Line).Suggestion = "use += to extend it, or delete one"
		}
		if s.Op == xlcfg.Assign {
			killer[s.Name] = s
		}
	}
}

// disks parses and validates every disk spec of the file.
func (l *linter) disks(vopts validate.Options) {
	specs, err := l.file.DiskSpecs()
	if err != nil {
		// The only error: disk is a single value, not a list.
		v := l.file.Lookup("disk")
		l.add(RuleDiskNotList, v.Pos, v.End, -1, "disk is a single value, not a list: xl ignores it and creates the domain with no disks").Suggestion = "write disk = [ " + v.Raw + " ]"
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
			pos := ds.Value.Pos
			pos.Offset += e.RawOffset
			pos.Column += e.RawOffset
			end := pos
			end.Offset += e.RawLen
			end.Column += e.RawLen
			l.add(RuleDiskSpecEscaped, pos, end, ds.Index, "the disk spec contains backslash escapes; xl sees %q", ds.Spec)
		}
		p, err := diskspec.ParseDetailed(ds.Spec)
		if err != nil {
			for _, e := range diskspec.AsErrorList(err) {
				d := e.Diagnostic()
				pos, end := specSpan(ds, d.Span)
				l.addDiag(d, pos, end, ds.Index)
			}
			if diskspec.AsErrorList(err) == nil {
				l.addDiag(diag.New("XLD001", diag.NoSpan, "%v", err), ds.Value.Pos, ds.Value.End, ds.Index)
			}
			continue
		}
		if ds.Ignored {
			continue
		}
		l.pathWhitespace(ds, p)
		parsed = append(parsed, p)
		used = append(used, ds)
	}
	l.validate(parsed, used, vopts)
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
		pos, end := ds.Value.Pos, ds.Value.End
		if sp.Valid() && sp.Len == len(v) {
			if trail > 0 {
				pos, end = ds.Pos(sp.End()-trail), ds.Pos(sp.End())
			} else {
				pos, end = ds.Pos(sp.Offset), ds.Pos(sp.Offset+lead)
			}
		}
		where := "ends"
		if trail == 0 {
			where = "starts"
		}
		l.add(RulePathWhitespace, pos, end, ds.Index, "%s %q %s with white space, which libxl keeps as part of the path", c.f, v, where).Suggestion = "remove the white space"
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
		l.add(RuleDiskNested, it.Pos, it.End, -1, "%s", msg).Suggestion = "flatten the list"
		return
	}
}

// specSpan maps a diagnostic span inside a spec to file positions, through
// the quotes and escapes of the string (xlcfg.DiskSpec.Pos); NoSpan covers
// the whole quoted spec. Lint's findings and Format's refusals both use it.
func specSpan(ds xlcfg.DiskSpec, s diag.Span) (xlcfg.Position, xlcfg.Position) {
	if !s.Valid() || s.Frag != 0 {
		return ds.Value.Pos, ds.Value.End
	}
	return ds.Pos(s.Offset), ds.Pos(s.End())
}

var ignoreRE = regexp.MustCompile(`^#\s*xldisk:ignore\b(.*)$`)
var ruleIDRE = regexp.MustCompile(`^XLD[0-9]{3}$`)

type suppression struct {
	// line is the comment's line; the suppression covers findings that
	// start on it or on the next line.
	line  int
	rules map[string]bool
	used  map[string]bool
	c     xlcfg.Comment
}

// result applies suppressions, sorts and returns the findings.
func (l *linter) result(comments []xlcfg.Comment, src []byte) Result {
	var sups []*suppression
	var meta []Finding
	for _, c := range comments {
		m := ignoreRE.FindStringSubmatch(c.Text)
		if m == nil {
			continue
		}
		end := c.Pos
		end.Offset += len(c.Text)
		end.Column += len(c.Text)
		idsPart, reason, hasSep := strings.Cut(m[1], "--")
		s := &suppression{line: c.Pos.Line, rules: map[string]bool{}, used: map[string]bool{}, c: c}
		bad := false
		for _, id := range strings.FieldsFunc(idsPart, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			if _, ok := diag.Lookup(id); !ruleIDRE.MatchString(id) || !ok {
				meta = append(meta, l.meta(RuleBadSuppression, c.Pos, end, "xldisk:ignore names %q, which is not a registered rule id", id))
				bad = true
				continue
			}
			s.rules[id] = true
		}
		if len(s.rules) == 0 && !bad {
			meta = append(meta, l.meta(RuleBadSuppression, c.Pos, end, "xldisk:ignore names no rule"))
		}
		if !hasSep || strings.TrimSpace(reason) == "" {
			meta = append(meta, l.meta(RuleNoReason, c.Pos, end, "xldisk:ignore has no reason (write \"-- why this is fine\")"))
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
	res := Result{Path: l.path, src: src}
	// Keep the findings that are not suppressed, in place: l.findings is
	// not used after this.
	kept := l.findings[:0]
	for _, f := range l.findings {
		suppressed := false
		for _, line := range [2]int{f.Pos.Line, f.Pos.Line - 1} {
			for _, s := range byLine[line] {
				if s.rules[f.Rule] {
					s.used[f.Rule] = true
					suppressed = true
				}
			}
		}
		if suppressed {
			res.Suppressed++
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = kept
	if len(res.Findings) == 0 {
		res.Findings = nil
	}
	for _, s := range sups {
		var unused []string
		for id := range s.rules {
			if !s.used[id] {
				unused = append(unused, id)
			}
		}
		if len(unused) > 0 {
			sort.Strings(unused)
			end := s.c.Pos
			end.Offset += len(s.c.Text)
			end.Column += len(s.c.Text)
			meta = append(meta, l.meta(RuleUnusedIgnore, s.c.Pos, end, "xldisk:ignore %s matches no finding on its line or the next", strings.Join(unused, ",")))
		}
	}
	res.Findings = append(res.Findings, meta...)
	SortFindings(res.Findings)
	return res
}

func (l *linter) meta(rule string, pos, end xlcfg.Position, format string, args ...any) Finding {
	d := diag.New(rule, diag.NoSpan, format, args...)
	return Finding{Path: l.path, Rule: rule, Severity: d.Severity, Message: d.Message, Pos: pos, End: end, Disk: -1}
}

// SortFindings orders findings by file, position, end, rule and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Pos.Offset != b.Pos.Offset {
			return a.Pos.Offset < b.Pos.Offset
		}
		if a.End.Offset != b.End.Offset {
			return a.End.Offset < b.End.Offset
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}
