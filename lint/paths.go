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

// diskLineRE finds a "disk =" or "disk +=" statement at the start of a
// line, or after a ';' that ends an earlier statement on the same line
// (name = "g"; disk = [...]) and is not in a comment.
var diskLineRE = regexp.MustCompile(`(?m)^(?:[^#\n]*;)?[ \t]*disk[ \t]*\+?=`)

// skipExt are file name extensions Paths never treats as configs when
// walking a directory, even with a disk line (source code and docs quote
// configs).
var skipExt = map[string]bool{".go": true, ".md": true, ".json": true, ".sarif": true, ".txt": true,
	".golden": true, ".c": true, ".h": true, ".py": true, ".sh": true, ".yml": true, ".yaml": true, ".pod": true}

// IsConfig reports whether a file found while walking a directory is
// linted: every *.cfg file (one that is not a valid xl.cfg, binary files
// included, gets an XLD300 finding), or another file with a "disk =" or
// "disk +=" statement at the start of a line or after a ';'. Files of
// other names are skipped when they look like source code or
// documentation (by extension: .go, .md, .txt, ...) or are binary (hold a
// NUL byte).
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
// "<stdin>" in the findings). A file named directly is always linted; a
// directory (or a symbolic link to one) is walked, skipping directories
// whose name starts with '.', for files IsConfig accepts. In a walk, a
// symbolic link to a regular file is treated as that file (under the
// link's name); a symbolic link to a directory is not followed, which
// keeps a walk finite; a dangling symbolic link is reported as unreadable
// when its name would select it (*.cfg). Results are in lexical path order
// within each argument. A path that cannot be read gives a Result with Err.
func Paths(paths []string, opts Options) []Result {
	var out []Result
	for _, p := range paths {
		if p == "-" {
			r := lintReader("<stdin>", os.Stdin, opts)
			r.stdin = true
			out = append(out, r)
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
		// WalkDir does not descend into a root that is a symbolic link;
		// a trailing separator makes it resolve the link (the paths it
		// gives are still joined to p).
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			root = p + string(filepath.Separator)
		}
		var files []string
		werr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, Result{Path: path, Err: err})
				return nil
			}
			if d.IsDir() {
				if path != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			switch t := d.Type(); {
			case t.IsRegular():
				files = append(files, path)
			case t&fs.ModeSymlink != 0:
				fi, err := os.Stat(path)
				if err != nil {
					// Dangling (or unreadable): reported below if its
					// name selects it.
					files = append(files, path)
				} else if fi.Mode().IsRegular() {
					files = append(files, path)
				}
				// A directory is not followed; devices, FIFOs and
				// sockets are not read.
			}
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
