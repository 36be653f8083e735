from espace_parents_tui.cli import main

raise SystemExit(main())
