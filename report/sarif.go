package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// RulesDocURL is the page that documents every rule; each rule has the
// anchor of its heading ("## XLD101" is #xld101), see HelpURI.
const RulesDocURL = "https://github.com/xldisk/xldisk/blob/main/docs/rules.md"

// HelpURI is the documentation address of a rule: the anchor GitHub gives
// the rule's "## XLDnnn" heading in docs/rules.md.
func HelpURI(id string) string { return RulesDocURL + "#" + strings.ToLower(id) }

// Tags are the SARIF tags of a rule: "xen", and its area by id range
// (XLD0xx disk-spec, XLD1xx vdev-backend, XLD2xx qemu-emulation, XLD3xx
// xl-cfg).
func Tags(id string) []string {
	area := "other"
	if len(id) == 6 {
		switch id[3] {
		case '0':
			area = "disk-spec"
		case '1':
			area = "vdev-backend"
		case '2':
			area = "qemu-emulation"
		case '3':
			area = "xl-cfg"
		}
	}
	return []string{"xen", area}
}

// SARIF 2.1.0 structures (only what xldisk writes).
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	ColumnKind         string                      `json:"columnKind"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
	Invocations        []sarifInvocation           `json:"invocations"`
	Properties         *sarifProps                 `json:"properties,omitempty"`
}

// sarifProps is a SARIF property bag: tags and xldisk's own keys.
type sarifProps struct {
	Tags        []string `json:"tags,omitempty"`
	XenReleases []string `json:"xenReleases,omitempty"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	InformationURI  string      `json:"informationUri"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifMessage    `json:"shortDescription"`
	FullDescription      sarifMessage    `json:"fullDescription"`
	Help                 sarifHelp       `json:"help"`
	HelpURI              string          `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           *sarifProps     `json:"properties,omitempty"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
	Properties          *sarifProps       `json:"properties,omitempty"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifContent `json:"insertedContent,omitempty"`
}

type sarifContent struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI         string        `json:"uri"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

// stdinArtifact is the location of the standard input read without a
// name: a relative URI with no uriBaseId (SARIF 2.1.0 §3.4.4 leaves its
// resolution to the consumer), so that it does not claim a file under the
// root.
var stdinArtifact = sarifArtifactLoc{URI: "stdin", Description: &sarifMessage{Text: "the standard input"}}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

// RuleHelpMarkdown renders a rule's help as Markdown: why, then the bad
// and good examples.
func RuleHelpMarkdown(r diag.Rule) string {
	return fmt.Sprintf("%s\n\nBad:\n\n```\n%s\n```\n\nGood:\n\n```\n%s\n```\n", r.Why, r.Bad, r.Good)
}

// ruleName turns a summary into a PascalCase SARIF rule name.
func ruleName(summary string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(summary, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// WriteSARIF writes a SARIF 2.1.0 log of one run that GitHub code
// scanning accepts: the tool's version; every catalogue rule with its
// help, helpUri (HelpURI) and tags; the Xen releases judged as the run
// property xenReleases; results with URIs relative to meta.Root (base id
// %SRCROOT%), percent-encoded so that none parses as a scheme, regions
// whose columns count code points, a partialFingerprints entry
// (primaryLocationLineHash: rule, line text and occurrence, stable when
// lines move) and the machine-applicable fixes. At most
// meta.MaxSARIFResults results are written; a notification counts the
// rest. Unreadable files become error notifications.
func WriteSARIF(w io.Writer, files []File, meta Meta) error {
	root := meta.Root
	if root == "" {
		root = "."
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	limit := meta.MaxSARIFResults
	if limit <= 0 {
		limit = MaxSARIFResults
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: "xldisk", InformationURI: "https://github.com/xldisk/xldisk",
			Version: meta.ToolVersion, SemanticVersion: semver(meta.ToolVersion)}},
		ColumnKind: "unicodeCodePoints",
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{
			"%SRCROOT%": {URI: FileURI(absRoot) + "/"},
		},
		Results:     []sarifResult{},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		Properties:  &sarifProps{XenReleases: meta.xenStrings()},
	}
	index := map[string]int{}
	for i, r := range diag.Catalogue() {
		index[r.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: r.ID, Name: ruleName(r.Summary),
			ShortDescription:     sarifMessage{Text: r.Summary},
			FullDescription:      sarifMessage{Text: r.Why},
			Help:                 sarifHelp{Text: r.Why + "\n\nBad:\n" + r.Bad + "\n\nGood:\n" + r.Good, Markdown: RuleHelpMarkdown(r)},
			HelpURI:              HelpURI(r.ID),
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
			Properties:           &sarifProps{Tags: Tags(r.ID)},
		})
	}
	omitted := 0
	inv := &run.Invocations[0]
	for _, f := range files {
		loc := artifact(f.Path, absRoot)
		if f.Stdin {
			loc = stdinArtifact
		}
		if f.Err != nil {
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifMessage{Text: f.Err.Error()},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: loc}}},
			})
			inv.ExecutionSuccessful = false
			continue
		}
		fps := newFingerprinter(f)
		for _, d := range f.Diags {
			fp := fps.next(d)
			if len(run.Results) >= limit {
				omitted++
				continue
			}
			res := sarifResult{
				RuleID: d.Rule.String(), RuleIndex: -1, Level: sarifLevel(d.Severity),
				Message:             sarifMessage{Text: message(d) + ReleaseNote(d, meta)},
				Locations:           []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: loc, Region: region(f.Src, d.Range)}}},
				PartialFingerprints: map[string]string{"primaryLocationLineHash": fp},
			}
			if i, ok := index[d.Rule.String()]; ok {
				res.RuleIndex = i
			}
			if ReleaseNote(d, meta) != "" {
				res.Properties = &sarifProps{XenReleases: versionStrings(d.Releases)}
			}
			if Fixable(d) {
				fix := sarifFix{Description: sarifMessage{Text: d.Suggestion.Message},
					ArtifactChanges: []sarifArtifactChange{{ArtifactLocation: loc}}}
				for _, e := range d.Suggestion.Edits {
					fix.ArtifactChanges[0].Replacements = append(fix.ArtifactChanges[0].Replacements, sarifReplacement{
						DeletedRegion: *region(f.Src, &e.Range), InsertedContent: &sarifContent{Text: e.FileText}})
				}
				res.Fixes = []sarifFix{fix}
			}
			run.Results = append(run.Results, res)
		}
	}
	if omitted > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "warning",
			Message: sarifMessage{Text: fmt.Sprintf("%d more results were not written: this run holds the first %d (GitHub code scanning accepts at most %d results per run); use another --format for all of them",
				omitted, limit, MaxSARIFResults)},
		})
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

// semver returns v without a leading "v" when it looks like a semantic
// version ("1.2.3", "1.2.3-rc1"), else "".
func semver(v string) string {
	v = strings.TrimPrefix(v, "v")
	core, _, _ := strings.Cut(v, "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return ""
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return ""
		}
	}
	return v
}

// region is the SARIF region of a range, nil when it is not in the file.
func region(src []byte, r *diag.Range) *sarifRegion {
	if !r.InFile() {
		return nil
	}
	end := r.End
	if !end.IsValid() {
		end = r.Start
	}
	return &sarifRegion{
		StartLine: r.Start.Line, StartColumn: runeColumn(src, r.Start),
		EndLine: end.Line, EndColumn: runeColumn(src, end),
	}
}

// fingerprinter computes stable fingerprints of a file's findings: a hash
// of the rule and the text of the finding's first line (spaces trimmed),
// then ":" and the number of earlier findings of the file with the same
// hash. Moving a line, or editing other lines, keeps the fingerprint.
type fingerprinter struct {
	f    File
	seen map[string]int
}

func newFingerprinter(f File) *fingerprinter {
	return &fingerprinter{f: f, seen: map[string]int{}}
}

func (fp *fingerprinter) key(d diag.Diagnostic) string {
	h := sha256.New()
	h.Write([]byte(d.Rule.String()))
	h.Write([]byte{0})
	if d.Range.InFile() {
		h.Write([]byte(strings.TrimSpace(lineText(fp.f.Src, d.Range.Start))))
	} else {
		h.Write([]byte(d.Message))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// next returns the fingerprint of the next finding of the file.
func (fp *fingerprinter) next(d diag.Diagnostic) string {
	k := fp.key(d)
	n := fp.seen[k]
	fp.seen[k] = n + 1
	return fmt.Sprintf("%s:%d", k, n+1)
}

// lineText returns the line of src that holds p, without its newline.
func lineText(src []byte, p diag.Pos) string {
	if p.Offset > len(src) || p.Offset < 0 {
		return ""
	}
	start := p.Offset
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := p.Offset
	for end < len(src) && src[end] != '\n' {
		end++
	}
	return string(src[start:end])
}

// artifact makes the SARIF location of a path: relative to absRoot (with
// base id %SRCROOT%, forward slashes, every byte outside RFC 3986's
// unreserved set percent-encoded, so that "guest:1.cfg" becomes
// "guest%3A1.cfg" and can never parse as a scheme), or an absolute file:
// URI outside the root.
func artifact(path, absRoot string) sarifArtifactLoc {
	abs, err := filepath.Abs(path)
	if err != nil {
		return sarifArtifactLoc{URI: EscapePath(filepath.ToSlash(path))}
	}
	if rel, err := filepath.Rel(absRoot, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarifArtifactLoc{URI: EscapePath(filepath.ToSlash(rel)), URIBaseID: "%SRCROOT%"}
	}
	return sarifArtifactLoc{URI: FileURI(abs)}
}

// EscapePath percent-encodes every byte of a slash-separated path except
// RFC 3986's unreserved characters and the slashes.
func EscapePath(p string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&15])
		}
	}
	return b.String()
}

// FileURI is the file: URI of an absolute path.
func FileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path
	}
	return "file://" + EscapePath(p)
}
