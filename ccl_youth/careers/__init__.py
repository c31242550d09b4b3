"""Career clusters, occupations and youth's favorites."""
