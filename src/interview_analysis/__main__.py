import sys

from interview_analysis.cli import main

sys.exit(main())
