"""The offline user guide (帮助 → 使用说明) and the pictures it shows."""
