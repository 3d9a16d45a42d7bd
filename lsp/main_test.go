package lsp

import (
	"testing"

	"github.com/xldisk/xldisk/internal/diagtest"
)

// TestMain fails the run when a diagnostic had an unregistered rule.
func TestMain(m *testing.M) { diagtest.Main(m) }
