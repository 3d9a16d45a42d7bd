// Package atomicfile replaces the content of a file so that a crash, a
// full disk or a concurrent editor never leaves it half written: the new
// content goes to a temporary file in the same directory, is synced, and
// is renamed over the old one.
package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// ErrChanged is returned (wrapped) by Replace when the file no longer holds
// the content it was read with.
var ErrChanged = errors.New("file changed since it was read; not overwritten")

// Replace writes data to the file at path, which must still hold old (the
// content the caller read and rewrote). A symbolic link is followed and
// its final target is replaced, so the link stays a link. The new file
// keeps the old one's permission bits and, where the process may set
// them, its owner and group. The data is written to a temporary file in
// the target's directory, synced, and renamed over the target; the
// directory is synced after the rename. On any error the target is left
// as it was and the temporary file is removed.
//
// The check that the file still holds old happens just before the rename:
// a writer that changes the file in the instant between the check and the
// rename is not detected (no portable lock exists for that).
func Replace(path string, old, data []byte) (err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file; not overwritten", path)
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".xldisk-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(fi.Mode().Perm()); err != nil {
		return err
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		if tst, err := tmp.Stat(); err == nil {
			if t2, ok := tst.Sys().(*syscall.Stat_t); ok && (t2.Uid != st.Uid || t2.Gid != st.Gid) {
				if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
					return fmt.Errorf("%s: cannot keep the owner %d:%d: %w", path, st.Uid, st.Gid, err)
				}
			}
		}
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = unchanged(target, old); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // best effort: some file systems cannot sync a directory
		d.Close()
	}
	return nil
}

// unchanged reports ErrChanged unless the file holds exactly old; it reads
// at most one byte more than len(old).
func unchanged(path string, old []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cur, err := io.ReadAll(io.LimitReader(f, int64(len(old))+1))
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, old) {
		return ErrChanged
	}
	return nil
}
