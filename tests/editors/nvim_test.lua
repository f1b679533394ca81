-- Driven by tests/editors/nvim.sh in a headless Neovim (0.7 or later) whose init is the
-- README's snippet. Every step compares the editor with `zhenggai check` on the same text.
local bin = os.getenv("ZHENGGAI_BIN")
local buf = vim.api.nvim_get_current_buf()
local name = vim.api.nvim_buf_get_name(buf)
local uri = vim.uri_from_bufnr(buf)

local function fail(msg)
  io.stderr:write("nvim_test: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

local function lines()
  return vim.api.nvim_buf_get_lines(buf, 0, -1, false)
end

local function text()
  local t = table.concat(lines(), "\n")
  if vim.bo[buf].endofline then
    t = t .. "\n"
  end
  return t
end

local function sh(args, input)
  local cmd = vim.fn.shellescape(bin) .. " " .. args .. " --stdin-filename "
    .. vim.fn.shellescape(name) .. " - 2>/dev/null"
  return vim.fn.system(cmd, input)
end

-- 1-based character column of byte `col` (0-based) of line `lnum` (0-based).
local function char_col(ls, lnum, col)
  local line = ls[lnum + 1] or ""
  local chars = vim.str_utfindex(line, math.min(col, #line))
  return chars + 1
end

-- The diagnostics as `line:col-line:col rule message` in characters, sorted.
local function editor_diagnostics()
  local ls, out = lines(), {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    out[#out + 1] = string.format("%d:%d-%d:%d %s %s", d.lnum + 1, char_col(ls, d.lnum, d.col),
      d.end_lnum + 1, char_col(ls, d.end_lnum, d.end_col), tostring(d.code), d.message)
  end
  table.sort(out)
  return table.concat(out, "\n")
end

local function cli_diagnostics(t)
  local report = vim.fn.json_decode(sh("check --format json", t))
  local out = {}
  for _, d in ipairs(report.files[1].diagnostics) do
    local s = d.span
    out[#out + 1] = string.format("%d:%d-%d:%d %s %s", s.line, s.column, s.end_line,
      s.end_column, d.rule, d.message)
  end
  table.sort(out)
  return table.concat(out, "\n")
end

-- Waits until the editor shows what the command line reports for the buffer's text.
local function agree(step)
  local want = cli_diagnostics(text())
  if want == "" then
    fail(step .. ": the command line found nothing to compare")
  end
  local ok = vim.wait(30000, function()
    return editor_diagnostics() == want
  end, 100)
  if not ok then
    fail(step .. ": diagnostics differ\n--- editor\n" .. editor_diagnostics() .. "\n--- zhenggai check\n" .. want)
  end
  print(step .. ": " .. #vim.diagnostic.get(buf) .. " diagnostics, as zhenggai check reports")
end

local function code_actions(range, only)
  local params = { textDocument = { uri = uri }, range = range,
                   context = { diagnostics = {}, only = only } }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000) or {}
  local actions = {}
  for _, r in pairs(replies) do
    for _, a in ipairs(r.result or {}) do
      actions[#actions + 1] = a
    end
  end
  return actions
end

local function run()
  agree("open")

  -- A quick fix: the doubled comma.
  local ls = lines()
  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "duplicate-punctuation" then
      target = d
    end
  end
  if not target then
    fail("no duplicate-punctuation diagnostic")
  end
  local function pos(lnum, col)
    local _, units = vim.str_utfindex(ls[lnum + 1], col)
    return { line = lnum, character = units }
  end
  local range = { start = pos(target.lnum, target.col), ["end"] = pos(target.end_lnum, target.end_col) }
  local before = text()
  local fixes = code_actions(range, { "quickfix" })
  if #fixes ~= 1 or not fixes[1].edit then
    fail("expected one quick fix, got " .. vim.inspect(fixes))
  end
  vim.lsp.util.apply_workspace_edit(fixes[1].edit, "utf-16")
  local expected = before:gsub("，，如有", "，如有", 1)
  if text() ~= expected then
    fail("the quick fix did not turn ，， into ，")
  end
  agree("quick fix “" .. fixes[1].title .. "”")

  -- Fix all: what `zhenggai check --fix` writes.
  before = text()
  local whole = { start = { line = 0, character = 0 }, ["end"] = { line = #lines(), character = 0 } }
  local all = code_actions(whole, { "source.fixAll.zhenggai" })
  if #all ~= 1 or all[1].kind ~= "source.fixAll.zhenggai" then
    fail("expected the fix-all action, got " .. vim.inspect(all))
  end
  local action = all[1]
  if not action.edit then
    -- What Neovim's own code_action() does: the edit is resolved when the action is chosen.
    local replies = vim.lsp.buf_request_sync(buf, "codeAction/resolve", action, 30000) or {}
    for _, r in pairs(replies) do
      action = r.result or fail("codeAction/resolve failed: " .. vim.inspect(r))
    end
  end
  vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  local fixed = sh("check --fix", before)
  if fixed == before or text() ~= fixed then
    fail("fix all differs from zhenggai check --fix")
  end
  agree("fix all")
  vim.cmd("qa!")
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  fail(tostring(err))
end
