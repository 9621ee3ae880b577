namespace Resampling;
