"""python -m threads"""

from threads.cli import main

main()
