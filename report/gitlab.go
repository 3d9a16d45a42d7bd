package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// GitLab Code Quality (a subset of the Code Climate issue format).
type glIssue struct {
	Type        string     `json:"type"`
	CheckName   string     `json:"check_name"`
	Description string     `json:"description"`
	Categories  []string   `json:"categories"`
	Content     glContent  `json:"content"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    glLocation `json:"location"`
}

type glContent struct {
	Body string `json:"body"`
}

type glLocation struct {
	Path  string  `json:"path"`
	Lines glLines `json:"lines"`
}

type glLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// glSeverity maps a severity to Code Quality's scale.
func glSeverity(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "critical"
	case diag.Warning:
		return "major"
	}
	return "info"
}

// WriteGitLab writes a GitLab Code Quality report: a JSON array of
// issues, each with check_name (the rule id), description (message,
// advice, rule id and ReleaseNote), severity (critical, major or info),
// the path relative to meta.Root with begin and end lines, content.body
// (the rule's explanation and the Xen releases judged) and a fingerprint
// that stays the same while the finding's line text does (SHA-256 of the
// rule, the path, the trimmed line text and the occurrence number), so
// that GitLab can tell new findings from old ones. Unreadable files are
// not issues (the command reports them and fails).
func WriteGitLab(w io.Writer, files []File, meta Meta) error {
	absRoot, err := filepath.Abs(orDot(meta.Root))
	if err != nil {
		return err
	}
	issues := []glIssue{}
	for _, f := range files {
		path := relPath(f.Path, absRoot)
		fps := newFingerprinter(f)
		for _, d := range f.Diags {
			line, end := 1, 1
			if r := d.Range; r.InFile() {
				line, end = r.Start.Line, max(r.Start.Line, r.End.Line)
			}
			h := sha256.Sum256([]byte(path + "\x00" + fps.next(d)))
			cat := "Bug Risk"
			if d.Severity == diag.Info {
				cat = "Style"
			}
			cats := []string{cat}
			if ReleaseNote(d, meta) != "" {
				cats = append(cats, "Compatibility")
			}
			rule := ruleOf(d)
			issues = append(issues, glIssue{
				Type: "issue", CheckName: d.Rule.String(),
				Description: message(d) + " [" + d.Rule.String() + "]" + ReleaseNote(d, meta),
				Categories:  cats,
				Content:     glContent{Body: strings.TrimSpace(rule.Why+"\n\nJudged against "+meta.Judged()+". See "+HelpURI(rule.ID)) + "\n"},
				Fingerprint: hex.EncodeToString(h[:]),
				Severity:    glSeverity(d.Severity),
				Location:    glLocation{Path: path, Lines: glLines{Begin: line, End: end}},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}

func orDot(s string) string {
	if s == "" {
		return "."
	}
	return s
}

// relPath is path relative to absRoot with forward slashes, or the path
// as given (slashed) when it is outside the root.
func relPath(path, absRoot string) string {
	abs, err := filepath.Abs(path)
	if err == nil {
		if rel, err := filepath.Rel(absRoot, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}
