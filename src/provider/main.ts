process.stderr.write('terraform-provider-powerscale: not implemented yet\n');
process.exit(1);
