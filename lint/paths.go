package lint

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/xldisk/xldisk/xlcfg"
)

// diskLineRE finds a "disk =" or "disk +=" statement at the start of a line.
var diskLineRE = regexp.MustCompile(`(?m)^[ \t]*disk[ \t]*\+?=`)

// skipExt are file name extensions Paths never treats as configs when
// walking a directory, even with a disk line (source code and docs quote
// configs).
var skipExt = map[string]bool{".go": true, ".md": true, ".json": true, ".sarif": true, ".txt": true,
	".golden": true, ".c": true, ".h": true, ".py": true, ".sh": true, ".yml": true, ".yaml": true, ".pod": true}

// IsConfig reports whether a file found while walking a directory is
// linted: a *.cfg file, or another file (not source code or documentation)
// with a "disk =" line.
func IsConfig(name string, src []byte) bool {
	ext := filepath.Ext(name)
	if ext == ".cfg" {
		return true
	}
	if skipExt[ext] || strings.IndexByte(string(src), 0) >= 0 {
		return false
	}
	return diskLineRE.Match(src)
}

// Paths lints files and directories; "-" is the standard input (named
// "<stdin>" in the findings). A file named directly is always linted; a directory is walked (skipping directories whose name starts
// with '.') for files IsConfig accepts. Results are in lexical path order
// within each argument. A path that cannot be read gives a Result with Err.
func Paths(paths []string, opts Options) []Result {
	var out []Result
	for _, p := range paths {
		if p == "-" {
			out = append(out, lintReader("<stdin>", os.Stdin, opts))
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			out = append(out, Result{Path: p, Err: err})
			continue
		}
		if !fi.IsDir() {
			out = append(out, lintFile(p, opts))
			continue
		}
		var files []string
		werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, Result{Path: path, Err: err})
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			files = append(files, path)
			return nil
		})
		if werr != nil {
			out = append(out, Result{Path: p, Err: werr})
		}
		sort.Strings(files)
		for _, f := range files {
			src, err := readLimited(f, opts.Limits)
			if err != nil {
				if filepath.Ext(f) == ".cfg" {
					out = append(out, Result{Path: f, Err: err})
				}
				continue
			}
			if IsConfig(f, src) {
				out = append(out, Config(f, src, opts))
			}
		}
	}
	return out
}

// lintReader lints what r holds, up to the size limit.
func lintReader(name string, r io.Reader, opts Options) Result {
	src, err := readerLimited(name, r, opts.Limits)
	if err != nil {
		return Result{Path: name, Err: err}
	}
	return Config(name, src, opts)
}

func lintFile(path string, opts Options) Result {
	src, err := readLimited(path, opts.Limits)
	if err != nil {
		return Result{Path: path, Err: err}
	}
	return Config(path, src, opts)
}

// ReadConfig reads an xl.cfg file, or the standard input when path is "-",
// refusing one larger than lim.MaxFileSize (xlcfg.DefaultLimits' when 0)
// without reading more than the limit.
func ReadConfig(path string, lim xlcfg.Limits) ([]byte, error) {
	if path == "-" {
		return readerLimited("<stdin>", os.Stdin, lim)
	}
	return readLimited(path, lim)
}

func maxFileSize(lim xlcfg.Limits) int {
	if lim.MaxFileSize == 0 {
		return xlcfg.DefaultLimits.MaxFileSize
	}
	return lim.MaxFileSize
}

// readerLimited reads r up to the size limit plus one byte.
func readerLimited(name string, r io.Reader, lim xlcfg.Limits) ([]byte, error) {
	max := maxFileSize(lim)
	src, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(src) > max {
		return nil, fmt.Errorf("%s: input is larger than the limit of %d bytes", name, max)
	}
	return src, nil
}

// readLimited reads a file, refusing one larger than the config size limit
// without reading it.
func readLimited(path string, lim xlcfg.Limits) ([]byte, error) {
	max := maxFileSize(lim)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > int64(max) {
		return nil, fmt.Errorf("%s: file is %d bytes, larger than the limit of %d", path, fi.Size(), max)
	}
	return os.ReadFile(path)
}
