process.stderr.write('cdktf-powerscale: not implemented yet\n');
process.exit(1);
